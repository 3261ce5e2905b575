/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The emulated ConnectX: test-side API.
 *
 * Everything an application does goes through the rdma-core entry points
 * libmlx5x_emu.so exports. This header is what a test does on the other
 * side of the cable: build adapters, put frames on the wire or on a VF,
 * take the frames that came out, read counters and the trace of what the
 * adapter did with the last frame, and make commands fail on purpose.
 *
 * Devices are numbered in the order the configuration string names them
 * (0, 1, ...); VFs of a device are numbered from 0 (vport number vf + 1).
 */
#ifndef MLX5X_EMU_H
#define MLX5X_EMU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLX5X_EMU_API __attribute__((visibility("default")))

/* Environment variables the library reads when no test set it up. */
#define MLX5X_EMU_CONFIG_ENV "MLX5X_EMU_CONFIG"
#define MLX5X_EMU_SYSFS_ENV "MLX5X_EMU_SYSFS"
/* "1": per-packet trace on from the start (see mlx5x_emu_trace_enable). */
#define MLX5X_EMU_TRACE_ENV "MLX5X_EMU_TRACE"
/* "1": command trace on from the adapter's creation (see
 * mlx5x_emu_cmd_trace_take). */
#define MLX5X_EMU_CMD_TRACE_ENV "MLX5X_EMU_CMD_TRACE"
/* "1": each engine thread prints its passes, work per pass and where its
 * time went to stderr once a second (emu/README.md, "The engine"). */
#define MLX5X_EMU_ENGINE_STATS_ENV "MLX5X_EMU_ENGINE_STATS"

/*
 * Create the adapters described by config (NULL: MLX5X_EMU_CONFIG or the
 * defaults "model=cx5,pci=0000:08:00.0,vfs=0,esw=switchdev,wire=loop,
 * vf_end=loop") and write their sysfs tree under sysfs_root (NULL:
 * MLX5X_EMU_SYSFS, or a private directory removed at teardown).
 * Replaces adapters of a previous setup. Returns 0 or -errno (-EINVAL for a
 * bad config string, after a message on stderr naming the key;
 * -EBUSY while contexts are open).
 */
MLX5X_EMU_API int mlx5x_emu_setup(const char *config, const char *sysfs_root);

/* Destroy every adapter (contexts must be closed first) and remove a tree
 * the emulator created itself. */
MLX5X_EMU_API void mlx5x_emu_teardown(void);

/* Write (or remove) only the sysfs tree, for the mlx5x-emu-sysfs tool. */
MLX5X_EMU_API int
mlx5x_emu_sysfs_write(const char *config, const char *sysfs_root);
MLX5X_EMU_API int mlx5x_emu_sysfs_remove(const char *sysfs_root);

/* Number of adapters, and the sysfs root in use. */
MLX5X_EMU_API unsigned int mlx5x_emu_device_count(void);
MLX5X_EMU_API const char *mlx5x_emu_sysfs_root(void);

/* A frame arrives from the cable / is sent by VF vf. Processed before the
 * call returns. Returns 0, -ENODEV, -EINVAL (length 14..16384). The
 * inject entries and mlx5x_emu_poll take that adapter's lock alone (its
 * engine's, for the time of one frame or burst), no lock of the other
 * adapters or of the control path: any thread may inject beside traffic
 * and commands, never racing mlx5x_emu_setup or mlx5x_emu_teardown. */
MLX5X_EMU_API int
mlx5x_emu_inject_wire(unsigned int dev, const void *frame, size_t len);
MLX5X_EMU_API int mlx5x_emu_inject_vf(unsigned int dev, unsigned int vf,
				      const void *frame, size_t len);

/* Frames arriving back to back from the cable: processed as one burst, so
 * a CQ with CQE compression may complete them in one compressed session. */
MLX5X_EMU_API int
mlx5x_emu_inject_wire_burst(unsigned int dev, const void *const *frames,
			    const size_t *lens, unsigned int n);

/* Frames VF vf sends back to back, as a loop VF end hands them to the
 * adapter in one engine pass: in order, each as mlx5x_emu_inject_vf would
 * take it, the fused path's way read once for the frames it takes (a frame
 * it leaves goes the E-Switch's way alone, and the next ones resume the
 * burst). Every frame is checked before the first goes in. Returns 0,
 * -ENODEV (no such adapter or VF), -EINVAL (a NULL frame, a length outside
 * 14..16384). */
MLX5X_EMU_API int mlx5x_emu_inject_vf_burst(unsigned int dev, unsigned int vf,
					    const void *const *frames,
					    const size_t *lens, unsigned int n);

/* Take the oldest frame that left through the wire / arrived at VF vf.
 * Returns its length (copied up to buf_len), 0 if none, -ENODEV. */
MLX5X_EMU_API int
mlx5x_emu_capture_wire(unsigned int dev, void *buf, size_t buf_len);
MLX5X_EMU_API int mlx5x_emu_capture_vf(unsigned int dev, unsigned int vf,
				       void *buf, size_t buf_len);

/*
 * Frames by reference, for a consumer that reads many (a benchmark, a
 * traffic sink): up to n of the oldest frames that left through the wire /
 * arrived at VF vf, in order, without a copy. Each frames[i] points into
 * the end's own buffer and stays valid and unchanged until
 * mlx5x_emu_release_wire / _vf for that end, which gives back every frame
 * taken from it so far; take more before releasing if you like. While
 * frames are held, an end whose producer gets a whole ring (2048 frames;
 * 256 at a loop end) ahead of the oldest held one drops new frames
 * instead of overwriting.
 * Returns the number taken (0 if none), -ENODEV or -EINVAL.
 *
 * The capture entries (these and the copying ones above) take no lock the
 * adapter's engine needs: they run beside traffic in any thread, one
 * consumer per end at a time (others wait), never racing
 * mlx5x_emu_setup or mlx5x_emu_teardown.
 */
struct mlx5x_emu_frame {
	const void *data;
	uint32_t len;
};
MLX5X_EMU_API int
mlx5x_emu_capture_wire_burst(unsigned int dev, struct mlx5x_emu_frame *frames,
			     unsigned int n);
MLX5X_EMU_API int
mlx5x_emu_capture_vf_burst(unsigned int dev, unsigned int vf,
			   struct mlx5x_emu_frame *frames, unsigned int n);
MLX5X_EMU_API int mlx5x_emu_release_wire(unsigned int dev);
MLX5X_EMU_API int mlx5x_emu_release_vf(unsigned int dev, unsigned int vf);

/* Run one pass of the engine in the caller's thread (the engine threads
 * run too), over each adapter in turn under its lock; returns the work
 * done (WQEs and frames). */
MLX5X_EMU_API unsigned int mlx5x_emu_poll(void);

struct mlx5x_emu_counters {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_dropped;	   /* no steering rule or no receive WQE */
	uint64_t rx_out_of_buffer; /* summed over the vport's RQs */
	uint64_t cmd_count;	   /* commands executed on the device */
};

/* Counters of a vport (0 PF, k + 1 VF k, 0xffff uplink). 0 or -ENODEV. */
MLX5X_EMU_API int mlx5x_emu_counters(unsigned int dev, uint16_t vport,
				     struct mlx5x_emu_counters *c);

/* Text trace of what the device did with the last frame it handled: one
 * line per table, entry, action and queue ("ft 0x.. level .. hit fte ..").
 * Returns its length, copies up to len - 1 bytes and a NUL. Recorded only
 * while enabled (mlx5x_emu_trace_enable, or MLX5X_EMU_TRACE=1). */
MLX5X_EMU_API int mlx5x_emu_trace_enable(unsigned int dev, int on);
MLX5X_EMU_API int mlx5x_emu_trace(unsigned int dev, char *buf, size_t len);

/* Make the nth next command with this opcode (0: any) fail with the PRM
 * status and syndrome. nth == 0 disarms. 0 or -ENODEV. */
MLX5X_EMU_API int
mlx5x_emu_fault_cmd(unsigned int dev, uint16_t opcode, unsigned int nth,
		    uint8_t status, uint32_t syndrome);

/*
 * The command trace: one line per PRM command the adapter answered, in the
 * order it answered them, "NAME op_mod=0xN status=0xN syndrome=0xN" (NAME
 * is the PRM command name, or opcode=0xNNNN for one the adapter does not
 * know); a refused command's line adds the syndrome's name and meaning,
 * " (NAME: text)", when it is one of the handlers' stable syndromes
 * (emu/cmd/mlx5x_emu_syndrome.c). Stable across runs, so a test can hold a scenario's trace against
 * a checked-in one. Copies the trace into buf (NUL-terminated, cut at
 * len - 1) and empties it; returns the trace's full length, or -ENODEV.
 */
MLX5X_EMU_API int
mlx5x_emu_cmd_trace_take(unsigned int dev, char *buf, size_t len);

/*
 * Census of the adapter's live PRM objects, by type: what a driver still
 * holds. A test takes one before probing and one after closing, and
 * expects them equal. reclaimed counts the queues, CQs, umems and UARs
 * that a closing context still held and the adapter destroyed for it (as
 * the kernel does at process exit), for adapter number dev since the
 * library was loaded: a driver that leaves them to the close leaks them
 * while it runs.
 */
struct mlx5x_emu_census {
	uint32_t contexts; /* open device contexts on the adapter */
	uint32_t pd, td, uar, umem, mr;
	uint32_t cq, sq, rq, rqt, tir, tis;
	uint32_t flow_table, flow_group, fte, flow_counter;
	uint32_t modify_header, packet_reformat; /* PRM contexts by id */
	uint32_t kernel_flow; /* Verbs / DV flows (kernel-managed rules) */
	uint64_t reclaimed;
	/* Direct Rules domains opened on the adapter, and DR actions alive
	 * in the process (drop, tag and others name no device): rdma-core
	 * memory, not PRM objects, leaked all the same when not destroyed. */
	uint32_t dr_domain, dr_action;
};

/* Fill c for adapter dev. 0 or -ENODEV. */
MLX5X_EMU_API int
mlx5x_emu_census(unsigned int dev, struct mlx5x_emu_census *c);

/* One line "pd=N td=N ..." naming every field of c, for a test's report;
 * returns what snprintf returns. */
MLX5X_EMU_API int mlx5x_emu_census_format(const struct mlx5x_emu_census *c,
					  char *buf, size_t len);

/*
 * Link rate of every port of adapter dev as ibv_query_port reports it from
 * now on, in IBTA codes: active_width 1 (1x), 2 (4x), 4 (8x), 8 (12x),
 * 16 (2x); active_speed 1 (SDR, 2.5 Gb/s a lane), 2 (DDR, 5), 4 (QDR, 10),
 * 8 (FDR10, 10), 16 (FDR, 14), 32 (EDR, 25), 64 (HDR, 50), 128 (NDR, 100).
 * Any value is passed through, codes IBTA does not define included.
 * 0, 0 restores the default, 4x EDR. Kept across mlx5x_emu_setup.
 * 0 or -ENODEV.
 */
MLX5X_EMU_API int mlx5x_emu_port_speed(unsigned int dev, uint8_t active_width,
				       uint8_t active_speed);

/*
 * Make the nth next mlx5dv_dr_domain_create on adapter dev (any domain
 * type) fail with errno err, as rdma-core's fails when a capability query
 * or an object it needs is refused. nth == 0 disarms. Kept across
 * mlx5x_emu_setup until it fires. 0 or -ENODEV.
 */
MLX5X_EMU_API int
mlx5x_emu_fault_dr_domain(unsigned int dev, unsigned int nth, int err);

/*
 * Hold adapter dev's data path in the calling thread (on != 0), as a
 * thread in the middle of an injected burst holds it, until the same
 * thread calls again with on == 0: its engine pass, frames injected into
 * it and commands on it wait meanwhile; other adapters go on. Holds nest.
 * The holder makes no rdma-core call meanwhile (the emulator aborts on
 * that lock order). 0, -ENODEV, or -EPERM for a release without a hold.
 */
MLX5X_EMU_API int mlx5x_emu_hold(unsigned int dev, int on);

/*
 * Test hook of the fused wire -> RQ path (the common case of a frame from
 * the wire in one step; emu/README.md): on == 0 sends every frame of
 * adapter dev through the general path, to the RQ's general delivery
 * (emu_rq_deliver_any) included, and every frame a representor's SQ
 * sends the general way (the E-Switch, not straight into the VF end's
 * ring: mlx5x_emu_sq_fast); on > 0 lets the fused ways take the frames
 * they cover again (the default), on < 0 leaves it as it is.
 * *frames (if not NULL): the frames the fused path took so far. Either
 * way a frame completes alike; the hook lets a test hold one against the
 * other. 0 or -ENODEV.
 */
MLX5X_EMU_API int
mlx5x_emu_rx_fused(unsigned int dev, int on, uint64_t *frames);

/*
 * Test hook of the SQs' fast ways (emu/README.md): *frames, the unicast
 * frames adapter dev's SQs built straight into an end's frame ring so far
 * (a direct SQ's to the wire, a representor's to its VF's end). The
 * switch of mlx5x_emu_rx_fused sends a representor's frames the general
 * way too (on == 0). 0 or -ENODEV.
 */
MLX5X_EMU_API int mlx5x_emu_sq_fast(unsigned int dev, uint64_t *frames);

#ifdef __cplusplus
}
#endif

#endif /* MLX5X_EMU_H */
