/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rdma-core entry points the adapter model does not offer: present with
 * rdma-core 44's prototypes (the installed <infiniband/verbs.h> and
 * <infiniband/mlx5dv.h> check each one) so that an application linked
 * against libibverbs.so.1/libmlx5.so.1 loads and gets a clean refusal:
 * NULL with errno EOPNOTSUPP, an int EOPNOTSUPP (rdma-core returns the
 * errno value and, for the -1 convention, errno too), ssize_t -1 with errno.
 * Objects of these kinds never exist, so their destroy calls refuse too.
 * Which symbol carries which rdma-core version is in mlx5x_emu.map.
 */
#include "mlx5x_emu_priv.h"

#include <errno.h>

int
_mlx5dv_mkey_check(struct mlx5dv_mkey *mkey, struct mlx5dv_mkey_err *err_info,
		   size_t err_info_size)
{
	(void)mkey;
	(void)err_info;
	(void)err_info_size;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_attach_mcast(struct ibv_qp *qp, const union ibv_gid *gid, uint16_t lid)
{
	(void)qp;
	(void)gid;
	(void)lid;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct ibv_ah *
ibv_create_ah(struct ibv_pd *pd, struct ibv_ah_attr *attr)
{
	(void)pd;
	(void)attr;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_ah *
ibv_create_ah_from_wc(struct ibv_pd *pd, struct ibv_wc *wc, struct ibv_grh *grh,
		      uint8_t port_num)
{
	(void)pd;
	(void)wc;
	(void)grh;
	(void)port_num;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_srq *
ibv_create_srq(struct ibv_pd *pd, struct ibv_srq_init_attr *srq_init_attr)
{
	(void)pd;
	(void)srq_init_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
ibv_destroy_ah(struct ibv_ah *ah)
{
	(void)ah;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_destroy_srq(struct ibv_srq *srq)
{
	(void)srq;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_detach_mcast(struct ibv_qp *qp, const union ibv_gid *gid, uint16_t lid)
{
	(void)qp;
	(void)gid;
	(void)lid;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct ibv_context *
ibv_import_device(int cmd_fd)
{
	(void)cmd_fd;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_dm *
ibv_import_dm(struct ibv_context *context, uint32_t dm_handle)
{
	(void)context;
	(void)dm_handle;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_mr *
ibv_import_mr(struct ibv_pd *pd, uint32_t mr_handle)
{
	(void)pd;
	(void)mr_handle;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_pd *
ibv_import_pd(struct ibv_context *context, uint32_t pd_handle)
{
	(void)context;
	(void)pd_handle;
	errno = EOPNOTSUPP;
	return NULL;
}

int
ibv_init_ah_from_wc(struct ibv_context *context, uint8_t port_num,
		    struct ibv_wc *wc, struct ibv_grh *grh,
		    struct ibv_ah_attr *ah_attr)
{
	(void)context;
	(void)port_num;
	(void)wc;
	(void)grh;
	(void)ah_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_modify_srq(struct ibv_srq *srq, struct ibv_srq_attr *srq_attr,
	       int srq_attr_mask)
{
	(void)srq;
	(void)srq_attr;
	(void)srq_attr_mask;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct ibv_qp_ex *
ibv_qp_to_qp_ex(struct ibv_qp *qp)
{
	(void)qp;
	errno = EOPNOTSUPP;
	return NULL;
}

int
ibv_query_ece(struct ibv_qp *qp, struct ibv_ece *ece)
{
	(void)qp;
	(void)ece;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_query_qp(struct ibv_qp *qp, struct ibv_qp_attr *attr, int attr_mask,
	     struct ibv_qp_init_attr *init_attr)
{
	(void)qp;
	(void)attr;
	(void)attr_mask;
	(void)init_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_query_qp_data_in_order(struct ibv_qp *qp, enum ibv_wr_opcode op,
			   uint32_t flags)
{
	(void)qp;
	(void)op;
	(void)flags;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_query_srq(struct ibv_srq *srq, struct ibv_srq_attr *srq_attr)
{
	(void)srq;
	(void)srq_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct ibv_mr *
ibv_reg_dmabuf_mr(struct ibv_pd *pd, uint64_t offset, size_t length,
		  uint64_t iova, int fd, int access)
{
	(void)pd;
	(void)offset;
	(void)length;
	(void)iova;
	(void)fd;
	(void)access;
	errno = EOPNOTSUPP;
	return NULL;
}

int
ibv_rereg_mr(struct ibv_mr *mr, int flags, struct ibv_pd *pd, void *addr,
	     size_t length, int access)
{
	(void)mr;
	(void)flags;
	(void)pd;
	(void)addr;
	(void)length;
	(void)access;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_resize_cq(struct ibv_cq *cq, int cqe)
{
	(void)cq;
	(void)cqe;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_resolve_eth_l2_from_gid(struct ibv_context *context,
			    struct ibv_ah_attr *attr,
			    uint8_t eth_mac[ETHERNET_LL_SIZE], uint16_t *vid)
{
	(void)context;
	(void)attr;
	(void)eth_mac;
	(void)vid;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
ibv_set_ece(struct ibv_qp *qp, struct ibv_ece *ece)
{
	(void)qp;
	(void)ece;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct ibv_dm *
mlx5dv_alloc_dm(struct ibv_context *context, struct ibv_alloc_dm_attr *dm_attr,
		struct mlx5dv_alloc_dm_attr *mlx5_dm_attr)
{
	(void)context;
	(void)dm_attr;
	(void)mlx5_dm_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_var *
mlx5dv_alloc_var(struct ibv_context *context, uint32_t flags)
{
	(void)context;
	(void)flags;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_flow_action *
mlx5dv_create_flow_action_esp(struct ibv_context *ctx,
			      struct ibv_flow_action_esp_attr *esp,
			      struct mlx5dv_flow_action_esp *mlx5_attr)
{
	(void)ctx;
	(void)esp;
	(void)mlx5_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_flow_action *
mlx5dv_create_flow_action_modify_header(struct ibv_context *ctx,
					size_t actions_sz, uint64_t actions[],
					enum mlx5dv_flow_table_type ft_type)
{
	(void)ctx;
	(void)actions_sz;
	(void)actions;
	(void)ft_type;
	errno = EOPNOTSUPP;
	return NULL;
}

struct ibv_flow_action *
mlx5dv_create_flow_action_packet_reformat(
	struct ibv_context *ctx, size_t data_sz, void *data,
	enum mlx5dv_flow_action_packet_reformat_type reformat_type,
	enum mlx5dv_flow_table_type ft_type)
{
	(void)ctx;
	(void)data_sz;
	(void)data;
	(void)reformat_type;
	(void)ft_type;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_mkey *
mlx5dv_create_mkey(struct mlx5dv_mkey_init_attr *mkey_init_attr)
{
	(void)mkey_init_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_steering_anchor *
mlx5dv_create_steering_anchor(struct ibv_context *context,
			      struct mlx5dv_steering_anchor_attr *attr)
{
	(void)context;
	(void)attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_crypto_login(struct ibv_context *context,
		    struct mlx5dv_crypto_login_attr *login_attr)
{
	(void)context;
	(void)login_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_crypto_login_obj *
mlx5dv_crypto_login_create(struct ibv_context *context,
			   struct mlx5dv_crypto_login_attr_ex *login_attr)
{
	(void)context;
	(void)login_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_crypto_login_destroy(struct mlx5dv_crypto_login_obj *crypto_login)
{
	(void)crypto_login;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_crypto_login_query(struct mlx5dv_crypto_login_obj *crypto_login,
			  struct mlx5dv_crypto_login_query_attr *query_attr)
{
	(void)crypto_login;
	(void)query_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_crypto_login_query_state(struct ibv_context *context,
				enum mlx5dv_crypto_login_state *state)
{
	(void)context;
	(void)state;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_crypto_logout(struct ibv_context *context)
{
	(void)context;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dci_stream_id_reset(struct ibv_qp *qp, uint16_t stream_id)
{
	(void)qp;
	(void)stream_id;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_dek *
mlx5dv_dek_create(struct ibv_context *context,
		  struct mlx5dv_dek_init_attr *init_attr)
{
	(void)context;
	(void)init_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_dek_destroy(struct mlx5dv_dek *dek)
{
	(void)dek;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dek_query(struct mlx5dv_dek *dek, struct mlx5dv_dek_attr *attr)
{
	(void)dek;
	(void)attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_destroy_mkey(struct mlx5dv_mkey *mkey)
{
	(void)mkey;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_destroy_steering_anchor(struct mlx5dv_steering_anchor *sa)
{
	(void)sa;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_devx_msi_vector *
mlx5dv_devx_alloc_msi_vector(struct ibv_context *ibctx)
{
	(void)ibctx;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_devx_cq_modify(struct ibv_cq *cq, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	(void)cq;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_cq_query(struct ibv_cq *cq, const void *in, size_t inlen, void *out,
		     size_t outlen)
{
	(void)cq;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_devx_eq *
mlx5dv_devx_create_eq(struct ibv_context *ibctx, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	(void)ibctx;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_devx_event_channel *
mlx5dv_devx_create_event_channel(
	struct ibv_context *context,
	enum mlx5dv_devx_create_event_channel_flags flags)
{
	(void)context;
	(void)flags;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_devx_destroy_eq(struct mlx5dv_devx_eq *eq)
{
	(void)eq;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_free_msi_vector(struct mlx5dv_devx_msi_vector *msi)
{
	(void)msi;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

ssize_t
mlx5dv_devx_get_event(struct mlx5dv_devx_event_channel *event_channel,
		      struct mlx5dv_devx_async_event_hdr *event_data,
		      size_t event_resp_len)
{
	(void)event_channel;
	(void)event_data;
	(void)event_resp_len;
	errno = EOPNOTSUPP;
	return -1;
}

int
mlx5dv_devx_ind_tbl_modify(struct ibv_rwq_ind_table *ind_tbl, const void *in,
			   size_t inlen, void *out, size_t outlen)
{
	(void)ind_tbl;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_ind_tbl_query(struct ibv_rwq_ind_table *ind_tbl, const void *in,
			  size_t inlen, void *out, size_t outlen)
{
	(void)ind_tbl;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_qp_modify(struct ibv_qp *qp, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	(void)qp;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_qp_query(struct ibv_qp *qp, const void *in, size_t inlen, void *out,
		     size_t outlen)
{
	(void)qp;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_srq_modify(struct ibv_srq *srq, const void *in, size_t inlen,
		       void *out, size_t outlen)
{
	(void)srq;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_srq_query(struct ibv_srq *srq, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	(void)srq;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_subscribe_devx_event(struct mlx5dv_devx_event_channel *event_channel,
				 struct mlx5dv_devx_obj *obj,
				 uint16_t events_sz, uint16_t events_num[],
				 uint64_t cookie)
{
	(void)event_channel;
	(void)obj;
	(void)events_sz;
	(void)events_num;
	(void)cookie;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_subscribe_devx_event_fd(
	struct mlx5dv_devx_event_channel *event_channel, int fd,
	struct mlx5dv_devx_obj *obj, uint16_t event_num)
{
	(void)event_channel;
	(void)fd;
	(void)obj;
	(void)event_num;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_devx_umem *
mlx5dv_devx_umem_reg_ex(struct ibv_context *ctx,
			struct mlx5dv_devx_umem_in *umem_in)
{
	(void)ctx;
	(void)umem_in;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_devx_wq_modify(struct ibv_wq *wq, const void *in, size_t inlen,
		      void *out, size_t outlen)
{
	(void)wq;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_devx_wq_query(struct ibv_wq *wq, const void *in, size_t inlen, void *out,
		     size_t outlen)
{
	(void)wq;
	(void)in;
	(void)inlen;
	(void)out;
	(void)outlen;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

void *
mlx5dv_dm_map_op_addr(struct ibv_dm *dm, uint8_t op)
{
	(void)dm;
	(void)op;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_aso(struct mlx5dv_dr_domain *domain,
			    struct mlx5dv_devx_obj *devx_obj, uint32_t offset,
			    uint32_t flags, uint8_t return_reg_c)
{
	(void)domain;
	(void)devx_obj;
	(void)offset;
	(void)flags;
	(void)return_reg_c;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_array(struct mlx5dv_dr_domain *domain,
				   size_t num_dest,
				   struct mlx5dv_dr_action_dest_attr *dests[])
{
	(void)domain;
	(void)num_dest;
	(void)dests;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_dest_root_table(struct mlx5dv_dr_table *table,
					uint16_t priority)
{
	(void)table;
	(void)priority;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_flow_meter(struct mlx5dv_dr_flow_meter_attr *attr)
{
	(void)attr;
	errno = EOPNOTSUPP;
	return NULL;
}

struct mlx5dv_dr_action *
mlx5dv_dr_action_create_flow_sampler(struct mlx5dv_dr_flow_sampler_attr *attr)
{
	(void)attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_dr_action_modify_aso(struct mlx5dv_dr_action *action, uint32_t offset,
			    uint32_t flags, uint8_t return_reg_c)
{
	(void)action;
	(void)offset;
	(void)flags;
	(void)return_reg_c;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dr_action_modify_flow_meter(struct mlx5dv_dr_action *action,
				   struct mlx5dv_dr_flow_meter_attr *attr,
				   __be64 modify_field_select)
{
	(void)action;
	(void)attr;
	(void)modify_field_select;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dr_aso_other_domain_link(struct mlx5dv_devx_obj *devx_obj,
				struct mlx5dv_dr_domain *peer_dmn,
				struct mlx5dv_dr_domain *dmn, uint32_t flags,
				uint8_t return_reg_c)
{
	(void)devx_obj;
	(void)peer_dmn;
	(void)dmn;
	(void)flags;
	(void)return_reg_c;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dr_aso_other_domain_unlink(struct mlx5dv_devx_obj *devx_obj,
				  struct mlx5dv_dr_domain *dmn)
{
	(void)devx_obj;
	(void)dmn;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dr_matcher_set_layout(struct mlx5dv_dr_matcher *matcher,
			     struct mlx5dv_dr_matcher_layout *layout)
{
	(void)matcher;
	(void)layout;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dump_dr_domain(FILE *fout, struct mlx5dv_dr_domain *domain)
{
	(void)fout;
	(void)domain;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dump_dr_matcher(FILE *fout, struct mlx5dv_dr_matcher *matcher)
{
	(void)fout;
	(void)matcher;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dump_dr_rule(FILE *fout, struct mlx5dv_dr_rule *rule)
{
	(void)fout;
	(void)rule;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_dump_dr_table(FILE *fout, struct mlx5dv_dr_table *table)
{
	(void)fout;
	(void)table;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_get_clock_info(struct ibv_context *context,
		      struct mlx5dv_clock_info *clock_info)
{
	(void)context;
	(void)clock_info;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct ibv_device **
mlx5dv_get_vfio_device_list(struct mlx5dv_vfio_context_attr *attr)
{
	(void)attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_map_ah_to_qp(struct ibv_ah *ah, uint32_t qp_num)
{
	(void)ah;
	(void)qp_num;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_modify_qp_lag_port(struct ibv_qp *qp, uint8_t port_num)
{
	(void)qp;
	(void)port_num;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_modify_qp_sched_elem(struct ibv_qp *qp,
			    const struct mlx5dv_sched_leaf *requestor,
			    const struct mlx5dv_sched_leaf *responder)
{
	(void)qp;
	(void)requestor;
	(void)responder;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_modify_qp_udp_sport(struct ibv_qp *qp, uint16_t udp_sport)
{
	(void)qp;
	(void)udp_sport;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_pp *
mlx5dv_pp_alloc(struct ibv_context *context, size_t pp_context_sz,
		const void *pp_context, uint32_t flags)
{
	(void)context;
	(void)pp_context_sz;
	(void)pp_context;
	(void)flags;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_qp_cancel_posted_send_wrs(struct mlx5dv_qp_ex *mqp, uint64_t wr_id)
{
	(void)mqp;
	(void)wr_id;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_qp_ex *
mlx5dv_qp_ex_from_ibv_qp_ex(struct ibv_qp_ex *qp)
{
	(void)qp;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_query_qp_lag_port(struct ibv_qp *qp, uint8_t *port_num,
			 uint8_t *active_port_num)
{
	(void)qp;
	(void)port_num;
	(void)active_port_num;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_reserved_qpn_alloc(struct ibv_context *ctx, uint32_t *qpn)
{
	(void)ctx;
	(void)qpn;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_reserved_qpn_dealloc(struct ibv_context *ctx, uint32_t qpn)
{
	(void)ctx;
	(void)qpn;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_sched_leaf *
mlx5dv_sched_leaf_create(struct ibv_context *context,
			 const struct mlx5dv_sched_attr *sched_attr)
{
	(void)context;
	(void)sched_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_sched_leaf_destroy(struct mlx5dv_sched_leaf *leaf)
{
	(void)leaf;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_sched_leaf_modify(struct mlx5dv_sched_leaf *leaf,
			 const struct mlx5dv_sched_attr *sched_attr)
{
	(void)leaf;
	(void)sched_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

struct mlx5dv_sched_node *
mlx5dv_sched_node_create(struct ibv_context *context,
			 const struct mlx5dv_sched_attr *sched_attr)
{
	(void)context;
	(void)sched_attr;
	errno = EOPNOTSUPP;
	return NULL;
}

int
mlx5dv_sched_node_destroy(struct mlx5dv_sched_node *node)
{
	(void)node;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_sched_node_modify(struct mlx5dv_sched_node *node,
			 const struct mlx5dv_sched_attr *sched_attr)
{
	(void)node;
	(void)sched_attr;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_vfio_get_events_fd(struct ibv_context *ibctx)
{
	(void)ibctx;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}

int
mlx5dv_vfio_process_events(struct ibv_context *context)
{
	(void)context;
	errno = EOPNOTSUPP;
	return EOPNOTSUPP;
}
