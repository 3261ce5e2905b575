/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The glue: every rdma-core entry point mlx5x calls, resolved at run time.
 *
 * The PMD never links libibverbs or libmlx5. It loads them with dlopen() the
 * first time a ConnectX is probed, so that the PMD itself loads (and says why
 * it cannot work) on a machine without rdma-core, and so that the emulated
 * ConnectX can stand behind exactly the same calls: MLX5X_GLUE_LIB names one
 * library to load instead of both (see README).
 *
 * Two kinds of entry point exist in rdma-core:
 *  - exported functions (ibv_open_device, mlx5dv_devx_obj_create, ...):
 *    resolved here by dlsym();
 *  - functions that <infiniband/verbs.h> implements inline on top of the
 *    context's ops table (ibv_query_device_ex, ibv_create_wq, ...): the glue
 *    calls the op of the context the provider filled in. These are the
 *    mlx5x_glue_ctx_*() helpers below; never call the inline originals, which
 *    would drag an undefined libibverbs symbol into the PMD.
 *
 * Members are named without the ibv_ prefix because rdma-core defines several
 * entry points as function-like macros (ibv_reg_mr, ibv_query_port, ...).
 */
#ifndef MLX5X_GLUE_H
#define MLX5X_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <infiniband/mlx5dv.h>
#include <infiniband/verbs.h>

/* Environment variable naming a library to load instead of rdma-core. */
#define MLX5X_GLUE_LIB_ENV "MLX5X_GLUE_LIB"

/*
 * X(member, symbol, required): member of struct mlx5x_glue, the exported
 * rdma-core symbol, and whether probing fails without it. Types come from the
 * installed rdma-core headers through __typeof__.
 */
#define MLX5X_GLUE_VERBS(X)                                                    \
	X(get_device_list, ibv_get_device_list, true)                          \
	X(free_device_list, ibv_free_device_list, true)                        \
	X(get_device_name, ibv_get_device_name, true)                          \
	X(open_device, ibv_open_device, true)                                  \
	X(close_device, ibv_close_device, true)                                \
	X(query_device, ibv_query_device, true)                                \
	X(query_gid, ibv_query_gid, false)                                     \
	X(alloc_pd, ibv_alloc_pd, true)                                        \
	X(dealloc_pd, ibv_dealloc_pd, true)                                    \
	X(reg_mr, ibv_reg_mr, true)                                            \
	X(dereg_mr, ibv_dereg_mr, true)                                        \
	X(create_comp_channel, ibv_create_comp_channel, false)                 \
	X(destroy_comp_channel, ibv_destroy_comp_channel, false)               \
	X(create_cq, ibv_create_cq, true)                                      \
	X(destroy_cq, ibv_destroy_cq, true)                                    \
	X(get_cq_event, ibv_get_cq_event, false)                               \
	X(ack_cq_events, ibv_ack_cq_events, false)                             \
	X(create_qp, ibv_create_qp, true)                                      \
	X(modify_qp, ibv_modify_qp, true)                                      \
	X(destroy_qp, ibv_destroy_qp, true)                                    \
	X(get_async_event, ibv_get_async_event, false)                         \
	X(ack_async_event, ibv_ack_async_event, false)                         \
	X(fork_init, ibv_fork_init, false)

#define MLX5X_GLUE_MLX5DV(X)                                                   \
	X(dv_is_supported, mlx5dv_is_supported, true)                          \
	X(dv_open_device, mlx5dv_open_device, true)                            \
	X(dv_query_device, mlx5dv_query_device, true)                          \
	X(dv_query_port_, _mlx5dv_query_port, false)                           \
	X(dv_init_obj, mlx5dv_init_obj, true)                                  \
	X(dv_create_cq, mlx5dv_create_cq, false)                               \
	X(dv_create_qp, mlx5dv_create_qp, false)                               \
	X(dv_create_wq, mlx5dv_create_wq, false)                               \
	X(devx_general_cmd, mlx5dv_devx_general_cmd, true)                     \
	X(devx_obj_create, mlx5dv_devx_obj_create, true)                       \
	X(devx_obj_query, mlx5dv_devx_obj_query, true)                         \
	X(devx_obj_modify, mlx5dv_devx_obj_modify, true)                       \
	X(devx_obj_destroy, mlx5dv_devx_obj_destroy, true)                     \
	X(devx_umem_reg, mlx5dv_devx_umem_reg, true)                           \
	X(devx_umem_dereg, mlx5dv_devx_umem_dereg, true)                       \
	X(devx_alloc_uar, mlx5dv_devx_alloc_uar, true)                         \
	X(devx_free_uar, mlx5dv_devx_free_uar, true)                           \
	X(devx_query_eqn, mlx5dv_devx_query_eqn, false)                        \
	X(dv_create_flow_matcher, mlx5dv_create_flow_matcher, false)           \
	X(dv_destroy_flow_matcher, mlx5dv_destroy_flow_matcher, false)         \
	X(dv_create_flow, mlx5dv_create_flow, false)                           \
	X(dv_create_flow_action_modify_header,                                 \
	  mlx5dv_create_flow_action_modify_header, false)                      \
	X(dv_create_flow_action_packet_reformat,                               \
	  mlx5dv_create_flow_action_packet_reformat, false)                    \
	X(dr_domain_create, mlx5dv_dr_domain_create, false)                    \
	X(dr_domain_destroy, mlx5dv_dr_domain_destroy, false)                  \
	X(dr_domain_sync, mlx5dv_dr_domain_sync, false)                        \
	X(dr_table_create, mlx5dv_dr_table_create, false)                      \
	X(dr_table_destroy, mlx5dv_dr_table_destroy, false)                    \
	X(dr_matcher_create, mlx5dv_dr_matcher_create, false)                  \
	X(dr_matcher_destroy, mlx5dv_dr_matcher_destroy, false)                \
	X(dr_rule_create, mlx5dv_dr_rule_create, false)                        \
	X(dr_rule_destroy, mlx5dv_dr_rule_destroy, false)                      \
	X(dr_action_create_dest_table, mlx5dv_dr_action_create_dest_table,     \
	  false)                                                               \
	X(dr_action_create_dest_ibv_qp, mlx5dv_dr_action_create_dest_ibv_qp,   \
	  false)                                                               \
	X(dr_action_create_dest_devx_tir,                                      \
	  mlx5dv_dr_action_create_dest_devx_tir, false)                        \
	X(dr_action_create_dest_vport, mlx5dv_dr_action_create_dest_vport,     \
	  false)                                                               \
	X(dr_action_create_drop, mlx5dv_dr_action_create_drop, false)          \
	X(dr_action_create_default_miss, mlx5dv_dr_action_create_default_miss, \
	  false)                                                               \
	X(dr_action_create_tag, mlx5dv_dr_action_create_tag, false)            \
	X(dr_action_create_flow_counter, mlx5dv_dr_action_create_flow_counter, \
	  false)                                                               \
	X(dr_action_create_push_vlan, mlx5dv_dr_action_create_push_vlan,       \
	  false)                                                               \
	X(dr_action_create_pop_vlan, mlx5dv_dr_action_create_pop_vlan, false)  \
	X(dr_action_create_packet_reformat,                                    \
	  mlx5dv_dr_action_create_packet_reformat, false)                      \
	X(dr_action_create_modify_header,                                      \
	  mlx5dv_dr_action_create_modify_header, false)                        \
	X(dr_action_destroy, mlx5dv_dr_action_destroy, false)

struct mlx5x_glue {
#define MLX5X_GLUE_MEMBER(member, symbol, required) __typeof__(symbol) *member;
	MLX5X_GLUE_VERBS(MLX5X_GLUE_MEMBER)
	MLX5X_GLUE_MLX5DV(MLX5X_GLUE_MEMBER)
#undef MLX5X_GLUE_MEMBER
	/* Where the entry points came from, for log lines. */
	const char *verbs_lib;
	const char *mlx5_lib;
	bool emulated_by_override; /* loaded from MLX5X_GLUE_LIB */
};

/*
 * Load rdma-core (or the library MLX5X_GLUE_LIB names) once per process.
 * Returns the table, or NULL with rte_errno set and a reason copied into
 * why[] that says which library or symbol is missing.
 */
const struct mlx5x_glue *mlx5x_glue_get(char *why, size_t why_len);

/* The loaded table; only valid after mlx5x_glue_get() succeeded. */
extern const struct mlx5x_glue *mlx5x_glue;

/* Unload; for tests that load different libraries in one process. */
void mlx5x_glue_unload(void);

/* Context ops that verbs.h exposes only as inline functions. */
int mlx5x_glue_ctx_query_device_ex(struct ibv_context *ctx,
				   struct ibv_device_attr_ex *attr);
int mlx5x_glue_ctx_query_port(struct ibv_context *ctx, uint8_t port,
			      struct ibv_port_attr *attr);
struct ibv_wq *mlx5x_glue_ctx_create_wq(struct ibv_context *ctx,
					struct ibv_wq_init_attr *attr);
int mlx5x_glue_ctx_modify_wq(struct ibv_wq *wq, struct ibv_wq_attr *attr);
int mlx5x_glue_ctx_destroy_wq(struct ibv_wq *wq);
struct ibv_rwq_ind_table *
mlx5x_glue_ctx_create_rwq_ind_table(struct ibv_context *ctx,
				    struct ibv_rwq_ind_table_init_attr *attr);
int mlx5x_glue_ctx_destroy_rwq_ind_table(struct ibv_rwq_ind_table *tbl);
struct ibv_qp *mlx5x_glue_ctx_create_qp_ex(struct ibv_context *ctx,
					   struct ibv_qp_init_attr_ex *attr);
struct ibv_flow *
mlx5x_glue_ctx_create_flow(struct ibv_qp *qp, struct ibv_flow_attr *attr);
int mlx5x_glue_ctx_destroy_flow(struct ibv_flow *flow);
struct ibv_td *
mlx5x_glue_ctx_alloc_td(struct ibv_context *ctx, struct ibv_td_init_attr *attr);
int mlx5x_glue_ctx_dealloc_td(struct ibv_td *td);
int mlx5x_glue_dv_query_port(struct ibv_context *ctx, uint32_t port,
			     struct mlx5dv_port *info);

#endif /* MLX5X_GLUE_H */
