/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device-wide FDB root, shared by every port of one IB device: a
 * representor's Tx queue reaches its VF through an entry matching the SQ
 * number and forwarding to the VF's vport; without it the frame would
 * leave through the wire like the uplink's. Reference counted by its
 * entries: created with the first, destroyed with the last. (The NIC Rx
 * root belongs to the flow engine, flow/mlx5x_flow_dr.c; where the engine
 * owns the FDB too, the SQ entries are its, flow/mlx5x_flow_fdb.c, and
 * the uplink's SQs get entries as well.)
 */
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_malloc.h>

#include "mlx5x.h"
#include "mlx5x_prm.h"
#include "flow/mlx5x_flow.h"

#define ROOT_LOG_SIZE 8
#define ROOT_ENTRIES (1u << ROOT_LOG_SIZE)
/* Entries [0, ROOT_ENTRIES - 2] by SQ, the last one matches all. */
#define ROOT_IDX_ANY (ROOT_ENTRIES - 1)

struct mlx5x_steer_root {
	struct mlx5x_devx_ft_loc loc;
	struct ibv_context *ctx;
	bool is_root;
	struct mlx5dv_devx_obj *ft;
	uint32_t ft_id;
	struct mlx5dv_devx_obj *fg[2];
	uint32_t fg_id[2];
	struct mlx5dv_devx_obj *fte[ROOT_ENTRIES];
	unsigned int used;
};

typedef uint32_t root_match_t[MLX5X_ST_SZ_DW(fte_match_param)];

static void
root_destroy(struct mlx5x_steer_root *r)
{
	unsigned int i;

	for (i = ROOT_ENTRIES; i > 0; i--)
		mlx5x_devx_obj_destroy(r->fte[i - 1], "root flow entry");
	for (i = 2; i > 0; i--)
		mlx5x_devx_obj_destroy(r->fg[i - 1], "root flow group");
	if (r->is_root && mlx5x_devx_ft_unset_root(r->ctx, &r->loc) < 0)
		MLX5X_NET_LOG(WARNING,
			      "cannot disconnect root flow table 0x%x; destroying it anyway",
			      r->ft_id);
	mlx5x_devx_obj_destroy(r->ft, "root flow table");
	rte_free(r);
}

/*
 * A root table of table_type: group 0 over [0, ROOT_ENTRIES - 2] with
 * criteria (enable bits, mask), group 1 the last index matching all.
 */
static struct mlx5x_steer_root *
root_create(struct mlx5x_dev_ctx *sh, uint8_t table_type, uint8_t enable,
	    const void *criteria)
{
	struct mlx5x_steer_root *r;
	root_match_t none;
	int ret;

	r = rte_zmalloc("mlx5x_steer_root", sizeof(*r), 0);
	if (r == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	r->loc.table_type = table_type;
	r->ctx = sh->ctx;
	r->ft = mlx5x_devx_ft_create(sh->ctx, &r->loc, 0, ROOT_LOG_SIZE,
				     &r->ft_id);
	if (r->ft == NULL)
		goto err_destroy;
	r->fg[0] = mlx5x_devx_fg_create(sh->ctx, &r->loc, r->ft_id, 0,
					ROOT_IDX_ANY - 1, enable, criteria,
					&r->fg_id[0]);
	if (r->fg[0] == NULL)
		goto err_destroy;
	memset(none, 0, sizeof(none));
	r->fg[1] =
		mlx5x_devx_fg_create(sh->ctx, &r->loc, r->ft_id, ROOT_IDX_ANY,
				     ROOT_IDX_ANY, 0, none, &r->fg_id[1]);
	if (r->fg[1] == NULL)
		goto err_destroy;
	ret = mlx5x_devx_ft_set_root(sh->ctx, &r->loc, r->ft_id);
	if (ret < 0) {
		rte_errno = -ret;
		goto err_destroy;
	}
	r->is_root = true;
	return r;

err_destroy:
	ret = rte_errno;
	root_destroy(r);
	rte_errno = ret;
	return NULL;
}

static void
root_entry_del(struct mlx5x_steer_root **rp, unsigned int idx)
{
	struct mlx5x_steer_root *r = *rp;

	if (r == NULL || r->fte[idx] == NULL)
		return;
	mlx5x_devx_obj_destroy(r->fte[idx], "root flow entry");
	r->fte[idx] = NULL;
	if (--r->used == 0) {
		root_destroy(r);
		*rp = NULL;
	}
}

/*
 * Does a Tx queue of this port need FDB entries for its SQ? A
 * representor's always: without one its frames would leave by the wire.
 * The uplink's only where the flow engine owns the FDB: there its SQs are
 * tagged with the uplink's reg_c_0 value so that a port_representor item
 * can name the uplink port; elsewhere its frames take the E-Switch's
 * default path to the wire untouched, and no transfer rule exists to tell
 * them apart.
 */
bool
mlx5x_fdb_sq_needed(struct mlx5x_priv *priv)
{
	if (priv->role == MLX5X_PORT_ROLE_VF_REP)
		return true;
	return priv->role == MLX5X_PORT_ROLE_UPLINK &&
	       mlx5x_flow_fdb_tags_tx(&rte_eth_devices[priv->data->port_id]);
}

int
mlx5x_fdb_sq_attach(struct mlx5x_priv *priv, uint32_t sqn, uint16_t *slot)
{
	struct mlx5x_dev_ctx *sh = priv->sh;
	struct mlx5x_steer_root *r;
	root_match_t crit, val;
	unsigned int idx;

	if (!sh->caps.eswitch_manager) {
		MLX5X_NET_LOG(ERR,
			      "port %u: %s is not the E-Switch manager: representor Tx cannot reach the VF",
			      priv->data->port_id, sh->ibdev_name);
		return -ENOTSUP;
	}
	/* With the DR flow engine the FDB root is the engine's. */
	if (mlx5x_flow_fdb_owned(&rte_eth_devices[priv->data->port_id]))
		return mlx5x_flow_fdb_sq_add(&rte_eth_devices[priv->data
								      ->port_id],
					     sqn, priv->vport, slot);
	if (sh->fdb_root == NULL) {
		memset(crit, 0, sizeof(crit));
		MLX5X_SET(fte_match_param, crit, misc_parameters.source_sqn,
			  0xffffff);
		sh->fdb_root = root_create(sh, MLX5X_FLOW_TABLE_TYPE_FDB,
					   MLX5X_MATCH_MISC_PARAMETERS, crit);
		if (sh->fdb_root == NULL)
			return -rte_errno;
	}
	r = sh->fdb_root;
	for (idx = 0; idx < ROOT_IDX_ANY && r->fte[idx] != NULL; idx++)
		;
	if (idx == ROOT_IDX_ANY)
		return -ENOSPC;
	memset(val, 0, sizeof(val));
	MLX5X_SET(fte_match_param, val, misc_parameters.source_sqn, sqn);
	r->fte[idx] = mlx5x_devx_fte_create(sh->ctx, &r->loc, r->ft_id,
					    r->fg_id[0], idx, val,
					    MLX5X_FLOW_DESTINATION_TYPE_VPORT,
					    priv->vport);
	if (r->fte[idx] == NULL) {
		int ret = -rte_errno;

		if (r->used == 0) {
			root_destroy(r);
			sh->fdb_root = NULL;
		}
		return ret;
	}
	r->used++;
	*slot = (uint16_t)idx;
	return 0;
}

void
mlx5x_fdb_sq_detach(struct mlx5x_priv *priv, uint16_t slot)
{
	if (mlx5x_flow_fdb_owned(&rte_eth_devices[priv->data->port_id])) {
		mlx5x_flow_fdb_sq_del(&rte_eth_devices[priv->data->port_id],
				      slot);
		return;
	}
	root_entry_del(&priv->sh->fdb_root, slot);
}
