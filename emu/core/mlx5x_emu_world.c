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
 * The world lock: recursive (an entry point may reach another), taken
 * once per injected or captured frame and per engine pass. A recursive
 * pthread mutex costs about 70 instructions a lock/unlock pair, as much
 * as a fifth of a frame's whole path; this one costs a compare-and-swap
 * and a decrement when nobody waits. The word is 0 free, 1 taken, 2
 * taken with waiters (who sleep on a futex). The recursion depth is the
 * calling thread's own (thread-local): it is not zero exactly while this
 * thread holds the lock, so the recursion test needs no owner compare
 * and no pthread_self() call. Initial-exec: one %fs-relative load, no
 * __tls_get_addr (four bytes of the static TLS surplus when dlopen'd).
 */
static __thread unsigned int emu_lock_depth
	__attribute__((tls_model("initial-exec")));

static void
emu_lock_futex(uint32_t *w, int op, uint32_t val)
{
	syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

void
emu_lock(void)
{
	uint32_t c = 0;

	if (emu_lock_depth != 0) {
		emu_lock_depth++;
		return;
	}
	if (!__atomic_compare_exchange_n(&emu_world.lock_word, &c, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		if (c != 2)
			c = __atomic_exchange_n(&emu_world.lock_word, 2,
						__ATOMIC_ACQUIRE);
		while (c != 0) {
			emu_lock_futex(&emu_world.lock_word, FUTEX_WAIT_PRIVATE,
				       2);
			c = __atomic_exchange_n(&emu_world.lock_word, 2,
						__ATOMIC_ACQUIRE);
		}
	}
	emu_lock_depth = 1;
}

void
emu_unlock(void)
{
	if (--emu_lock_depth != 0)
		return;
	if (__atomic_fetch_sub(&emu_world.lock_word, 1, __ATOMIC_RELEASE) !=
	    1) {
		__atomic_store_n(&emu_world.lock_word, 0, __ATOMIC_RELEASE);
		emu_lock_futex(&emu_world.lock_word, FUTEX_WAKE_PRIVATE, 1);
	}
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
