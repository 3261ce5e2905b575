/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The set of emulated adapters in this process, created by the test-side
 * setup or, on the first rdma-core call, from MLX5X_EMU_CONFIG and
 * MLX5X_EMU_SYSFS.
 */
#include "mlx5x_emu_core.h"
#include "mlx5x_emu_queue.h"
#include "mlx5x_emu_ends.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/futex.h>
#include <sys/syscall.h>

struct emu_world emu_world;

/*
 * Locks. A futex word: 0 free, 1 taken, 2 taken with waiters (who sleep
 * on the futex); taking a free one costs a compare-and-swap, giving it
 * back a decrement, where a recursive pthread mutex costs about 70
 * instructions a pair, a fifth of a frame's whole path.
 *
 * Two kinds (the order is in emu/README.md, "Locks"):
 * - the world lock (emu_lock): every control entry point (commands,
 *   Verbs objects, contexts, set-up); with it, the lock of every adapter
 *   that exists, or (emu_lock_ad) of the one adapter a command is for;
 * - an adapter's lock (emu_adapter_lock): its data path, the engine
 *   pass over it and frames injected into it, and nothing else.
 * Both are recursive (an entry point may reach another). The depths are
 * the calling thread's own (thread-local): a depth is not zero exactly
 * while this thread holds that lock, so the recursion test needs no owner
 * compare and no pthread_self() call. Initial-exec: one %fs-relative
 * load, no __tls_get_addr (a few bytes of the static TLS surplus when
 * dlopen'd).
 */
__thread struct emu_lock_tls emu_lock_tls
	__attribute__((tls_model("initial-exec")));

static void
emu_lock_futex(uint32_t *w, int op, uint32_t val)
{
	syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

/* The lock word was c, not 0: wait for it, marked as waited for. */
void
emu_word_wait(uint32_t *w, uint32_t c)
{
	if (c != 2)
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		emu_lock_futex(w, FUTEX_WAIT_PRIVATE, 2);
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	}
}

/* The lock word had waiters: free it and wake one. */
void
emu_word_wake(uint32_t *w)
{
	__atomic_store_n(w, 0, __ATOMIC_RELEASE);
	emu_lock_futex(w, FUTEX_WAKE_PRIVATE, 1);
}

bool
emu_adapter_held(unsigned int i)
{
	return emu_lock_tls.ad[i] != 0;
}

/* The world lock alone; true when this call took it (depth 0 -> 1). A
 * thread holding an adapter lock alone is on the data path, which never
 * waits for the world lock: an engine would hold its adapter while a
 * command holding the world waits for that adapter. */
static bool
emu_world_lock(void)
{
	struct emu_lock_tls *t = &emu_lock_tls;
	uint64_t held;
	unsigned int i;

	if (t->world++ != 0)
		return false;
	/* Every adapter depth in one load: this runs once per command, a
	 * rule insert among them, where a loop over the depths cost more
	 * than the two futex words. */
	_Static_assert(sizeof(t->ad) == sizeof(held), "one depth per byte");
	memcpy(&held, t->ad, sizeof(held));
	if (held != 0) {
		for (i = 0; t->ad[i] == 0; i++)
			;
		fprintf(stderr,
			"mlx5x-emu: lock order: the world lock wanted under adapter %u's lock\n",
			i);
		abort();
	}
	emu_word_lock(&emu_world.lock_word);
	return true;
}

void
emu_lock(void)
{
	unsigned int i;

	if (!emu_world_lock())
		return;
	/* Adapters come and go only under the world lock: the ones that
	 * exist now are the ones to hold, and to give back at the end. */
	emu_lock_tls.nad = emu_world.nadapters;
	for (i = 0; i < emu_lock_tls.nad; i++)
		emu_adapter_lock(i);
}

void
emu_lock_ad(const struct emu_adapter *ad)
{
	if (emu_world_lock())
		emu_lock_tls.nad = 0;
	emu_adapter_lock(ad->index);
}

void
emu_unlock_ad(const struct emu_adapter *ad)
{
	emu_adapter_unlock(ad->index);
	emu_unlock();
}

void
emu_unlock(void)
{
	struct emu_lock_tls *t = &emu_lock_tls;
	unsigned int i;

	if (--t->world != 0)
		return;
	for (i = t->nad; i-- > 0;)
		emu_adapter_unlock(i);
	t->nad = 0;
	emu_word_unlock(&emu_world.lock_word);
}

void
emu_world_destroy_locked(void)
{
	unsigned int i;

	for (i = 0; i < emu_world.nadapters; i++) {
		emu_adapter_destroy(emu_world.ad[i]);
		emu_world.ad[i] = NULL;
	}
	emu_world.nadapters = 0;
	if (emu_world.own_sysfs)
		emu_sysfs_remove_tree(emu_world.sysfs_root);
	emu_world.own_sysfs = false;
	emu_world.sysfs_root[0] = '\0';
}

int
emu_world_create_locked(const char *config, const char *root)
{
	struct emu_dev_config cfg[EMU_MAX_ADAPTERS];
	int n, i, ret;

	if (emu_world.ncontexts != 0)
		return -EBUSY;
	if (config == NULL)
		config = getenv(MLX5X_EMU_CONFIG_ENV);
	if (root == NULL)
		root = getenv(MLX5X_EMU_SYSFS_ENV);
	n = emu_config_parse(config, cfg, EMU_MAX_ADAPTERS);
	if (n < 0)
		return -EINVAL;
	emu_world_destroy_locked();
	if (root == NULL || root[0] == '\0') {
		char tmpl[] = "/tmp/mlx5x-emu-XXXXXX";

		if (mkdtemp(tmpl) == NULL)
			return -errno;
		snprintf(emu_world.sysfs_root, sizeof(emu_world.sysfs_root),
			 "%s", tmpl);
		emu_world.own_sysfs = true;
	} else {
		snprintf(emu_world.sysfs_root, sizeof(emu_world.sysfs_root),
			 "%s", root);
	}
	for (i = 0; i < n; i++) {
		struct emu_adapter *ad =
			emu_adapter_create(i, &cfg[i], emu_world.sysfs_root);

		if (ad == NULL) {
			ret = -ENOMEM;
			goto err_destroy;
		}
		emu_world.ad[emu_world.nadapters++] = ad;
		ret = emu_pcap_open(ad);
		if (ret == 0)
			ret = emu_tap_open_all(ad);
		if (ret != 0)
			goto err_destroy;
		ret = emu_sysfs_write_adapter(ad, emu_world.sysfs_root);
		if (ret != 0) {
			fprintf(stderr,
				"mlx5x-emu: cannot write sysfs tree under %s\n",
				emu_world.sysfs_root);
			ret = -EIO;
			goto err_destroy;
		}
	}
	return 0;
err_destroy:
	emu_world_destroy_locked();
	return ret;
}

/* First rdma-core call without a test-side setup: build from environment. */
int
emu_world_ensure_locked(void)
{
	if (emu_world.nadapters != 0)
		return 0;
	return emu_world_create_locked(NULL, NULL);
}

MLX5X_EMU_API int
mlx5x_emu_setup(const char *config, const char *sysfs_root)
{
	int ret;

	emu_lock();
	ret = emu_world_create_locked(config, sysfs_root);
	emu_unlock();
	return ret;
}

MLX5X_EMU_API void
mlx5x_emu_teardown(void)
{
	emu_lock();
	if (emu_world.ncontexts == 0)
		emu_world_destroy_locked();
	emu_unlock();
}

MLX5X_EMU_API int
mlx5x_emu_sysfs_write(const char *config, const char *sysfs_root)
{
	int ret;

	if (sysfs_root == NULL)
		return -EINVAL;
	emu_lock();
	ret = emu_world_create_locked(config, sysfs_root);
	if (ret == 0) {
		/* Keep the tree, drop the adapters. */
		emu_world.own_sysfs = false;
		emu_world_destroy_locked();
	}
	emu_unlock();
	return ret;
}

MLX5X_EMU_API int
mlx5x_emu_sysfs_remove(const char *sysfs_root)
{
	return emu_sysfs_remove_tree(sysfs_root);
}

MLX5X_EMU_API unsigned int
mlx5x_emu_device_count(void)
{
	unsigned int n;

	emu_lock();
	n = emu_world.nadapters;
	emu_unlock();
	return n;
}

MLX5X_EMU_API const char *
mlx5x_emu_sysfs_root(void)
{
	return emu_world.sysfs_root;
}

static void __attribute__((destructor)) emu_world_fini(void)
{
	emu_engine_stop();
	emu_lock();
	if (emu_world.ncontexts == 0) {
		emu_world_destroy_locked();
	} else if (emu_world.own_sysfs) {
		/* The process ends with contexts open: keep the memory, but
		 * leave no private tree behind. */
		emu_sysfs_remove_tree(emu_world.sysfs_root);
		emu_world.own_sysfs = false;
	}
	emu_unlock();
}
