// SPDX-License-Identifier: GPL-2.0-only
/*
 * A simulated owner device, for tests only (built with the test option,
 * never in a release or DKMS build).
 *
 * No QEMU device implements the virtio admin queue, so tests attach this
 * backend to devices named by PCI address (module parameter sim_owner) and
 * it plays the PF: it treats the device as a VF whose owner supports the
 * legacy commands and models the legacy virtio-net register file as the
 * virtio spec describes it (legacy interface, "Virtio Over PCI Bus"):
 *
 *   HOST_FEATURES (MAC, STATUS), GUEST_FEATURES, per queue QUEUE_PFN,
 *   QUEUE_NUM (3 queues of 256) and the MSI-X queue vector selected by
 *   QUEUE_SEL; STATUS, where writing 0 resets the device; ISR, cleared by
 *   reading it; the MSI-X config vector; and the device config (struct
 *   virtio_net_config up to mtu): a MAC made from the device's address, the
 *   link status, one queue pair and an MTU of 1500.
 *
 * For LEGACY_NOTIFY_INFO it returns the device's real modern notify address
 * (its VIRTIO_PCI_CAP_NOTIFY_CFG capability), so forwarded QUEUE_NOTIFY
 * writes reach the real (QEMU) device.  They are NOT queue-accurate: a
 * modern device takes the queue from the address in its notify area, not
 * from the value written, so every forwarded kick lands on queue 0.  They
 * prove delivery only; tests/qemu/'s owner (a PF with the admin queue)
 * gives a doorbell that honours the queue index, and traffic proves it.
 *
 * Like a device, it refuses a command buffer it could not reach by DMA (a
 * stack or vmalloc address): the copy it does instead must not hide one.
 *
 * debugfs virtio_vfio_profile/<BDF>/state shows the model; writing N to
 * .../fail_next makes the next N owner commands fail with -EIO; writing bits
 * to .../raise_isr sets them in ISR, as a device interrupt would.
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/sched/task_stack.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vfio_profile_compat.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>
#include <linux/unaligned.h>

#include "owner.h"

static char *sim_owner;
module_param(sim_owner, charp, 0444);
MODULE_PARM_DESC(sim_owner,
		 "TEST BUILDS ONLY: comma-separated PCI addresses whose owner is simulated");

#define SIM_QUEUES		3
#define SIM_QUEUE_SIZE		256
#define SIM_COMMON_LEN		VIRTIO_PCI_CONFIG_OFF(true)
#define SIM_HOST_FEATURES	(BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_STATUS))
/*
 * Device config as far as BAR0 reaches with MSI-X off (20..31): mac, status,
 * max_virtqueue_pairs, mtu.  A real device has them whatever it offers.
 */
#define SIM_DEVICE_LEN		offsetofend(struct virtio_net_config, mtu)
static_assert(SIM_DEVICE_LEN <= SIM_COMMON_LEN);	/* one image buffer serves both */

struct sim_queue {
	u32 pfn;
	u16 vector;
};

struct sim_device {
	struct mutex lock;		/* the model; debugfs reads it too */
	struct dentry *dir;
	u32 guest_features;
	u16 queue_sel;
	u8 status;
	u8 isr;
	u16 config_vector;
	struct sim_queue queues[SIM_QUEUES];
	u8 mac[ETH_ALEN];
	u16 net_status;
	unsigned int fail_next;
	unsigned long commands;
	unsigned long resets;
	u8 notify_bar;
	u64 notify_offset;
};

static struct dentry *sim_root;

/* Device reset: what writing 0 to STATUS or an FLR does. */
static void sim_reset(struct sim_device *sim)
{
	unsigned int i;

	sim->guest_features = 0;
	sim->queue_sel = 0;
	sim->status = 0;
	sim->isr = 0;
	sim->config_vector = VIRTIO_MSI_NO_VECTOR;
	for (i = 0; i < SIM_QUEUES; i++) {
		sim->queues[i].pfn = 0;
		sim->queues[i].vector = VIRTIO_MSI_NO_VECTOR;
	}
	sim->resets++;
}

static struct sim_queue *sim_selected(struct sim_device *sim)
{
	return sim->queue_sel < SIM_QUEUES ? &sim->queues[sim->queue_sel] : NULL;
}

/* The common registers as the driver sees them now, little endian. */
static void sim_common_image(struct sim_device *sim, u8 *img)
{
	struct sim_queue *q = sim_selected(sim);

	memset(img, 0, SIM_COMMON_LEN);
	put_unaligned_le32(SIM_HOST_FEATURES, img + VIRTIO_PCI_HOST_FEATURES);
	put_unaligned_le32(sim->guest_features, img + VIRTIO_PCI_GUEST_FEATURES);
	put_unaligned_le32(q ? q->pfn : 0, img + VIRTIO_PCI_QUEUE_PFN);
	put_unaligned_le16(q ? SIM_QUEUE_SIZE : 0, img + VIRTIO_PCI_QUEUE_NUM);
	put_unaligned_le16(sim->queue_sel, img + VIRTIO_PCI_QUEUE_SEL);
	img[VIRTIO_PCI_STATUS] = sim->status;
	img[VIRTIO_PCI_ISR] = sim->isr;
	put_unaligned_le16(sim->config_vector, img + VIRTIO_MSI_CONFIG_VECTOR);
	put_unaligned_le16(q ? q->vector : VIRTIO_MSI_NO_VECTOR,
			   img + VIRTIO_MSI_QUEUE_VECTOR);
}

static bool covers(u8 offset, u8 size, unsigned int reg, unsigned int len)
{
	return offset < reg + len && offset + size > reg;
}

/* Apply a write to the common registers; side effects as the spec says. */
static void sim_common_write(struct sim_device *sim, u8 offset, u8 size,
			     const u8 *buf)
{
	struct sim_queue *q = sim_selected(sim);
	u8 img[SIM_COMMON_LEN];

	sim_common_image(sim, img);
	memcpy(img + offset, buf, size);

	if (covers(offset, size, VIRTIO_PCI_GUEST_FEATURES, 4))
		sim->guest_features = get_unaligned_le32(img + VIRTIO_PCI_GUEST_FEATURES) &
				      SIM_HOST_FEATURES;
	/* Queue registers act on the queue selected before this write. */
	if (q && covers(offset, size, VIRTIO_PCI_QUEUE_PFN, 4))
		q->pfn = get_unaligned_le32(img + VIRTIO_PCI_QUEUE_PFN);
	if (q && covers(offset, size, VIRTIO_MSI_QUEUE_VECTOR, 2))
		q->vector = get_unaligned_le16(img + VIRTIO_MSI_QUEUE_VECTOR);
	if (covers(offset, size, VIRTIO_MSI_CONFIG_VECTOR, 2))
		sim->config_vector = get_unaligned_le16(img + VIRTIO_MSI_CONFIG_VECTOR);
	if (covers(offset, size, VIRTIO_PCI_QUEUE_SEL, 2))
		sim->queue_sel = get_unaligned_le16(img + VIRTIO_PCI_QUEUE_SEL);
	if (covers(offset, size, VIRTIO_PCI_STATUS, 1)) {
		sim->status = img[VIRTIO_PCI_STATUS];
		if (!sim->status)
			sim_reset(sim);
	}
	/* HOST_FEATURES, QUEUE_NUM and ISR are read-only: writes are dropped. */
}

static void sim_device_image(struct sim_device *sim, u8 *img)
{
	memset(img, 0, SIM_DEVICE_LEN);
	memcpy(img + offsetof(struct virtio_net_config, mac), sim->mac, ETH_ALEN);
	put_unaligned_le16(sim->net_status, img + offsetof(struct virtio_net_config, status));
	put_unaligned_le16(1, img + offsetof(struct virtio_net_config, max_virtqueue_pairs));
	put_unaligned_le16(ETH_DATA_LEN, img + offsetof(struct virtio_net_config, mtu));
}

/*
 * A real owner moves the data by DMA (the admin helpers build a scatterlist
 * of the caller's buffer).  A copy would hide a buffer no device can reach,
 * so refuse one here as CONFIG_DEBUG_SG would on hardware.
 */
static bool sim_dma_able(const void *buf)
{
	return !object_is_on_stack(buf) && !is_vmalloc_addr(buf) &&
	       virt_addr_valid(buf);
}

/* Common to read and write: bounds, failure injection, accounting. */
static int sim_command(struct sim_device *sim, enum virtio_legacy_area area,
		       u8 offset, u8 size, const u8 *buf)
{
	unsigned int len = area == VIRTIO_LEGACY_COMMON ? SIM_COMMON_LEN :
			   SIM_DEVICE_LEN;

	lockdep_assert_held(&sim->lock);
	if (WARN_ONCE(!sim_dma_able(buf),
		      "simulated owner: command buffer %p is not DMA-able\n", buf))
		return -EFAULT;
	sim->commands++;
	if (sim->fail_next) {
		sim->fail_next--;
		return -EIO;
	}
	if (!size || offset + size > len)
		return -EINVAL;
	return 0;
}

static int sim_read(struct virtio_legacy_owner *owner,
		    enum virtio_legacy_area area, u8 offset, u8 size, u8 *buf)
{
	struct sim_device *sim = owner->priv;
	u8 img[SIM_COMMON_LEN];
	int ret;

	mutex_lock(&sim->lock);
	ret = sim_command(sim, area, offset, size, buf);
	if (!ret) {
		if (area == VIRTIO_LEGACY_COMMON) {
			sim_common_image(sim, img);
			/* Reading ISR acknowledges it. */
			if (covers(offset, size, VIRTIO_PCI_ISR, 1))
				sim->isr = 0;
		} else {
			sim_device_image(sim, img);
		}
		memcpy(buf, img + offset, size);
	}
	mutex_unlock(&sim->lock);
	return ret;
}

static int sim_write(struct virtio_legacy_owner *owner,
		     enum virtio_legacy_area area, u8 offset, u8 size, u8 *buf)
{
	struct sim_device *sim = owner->priv;
	int ret;

	mutex_lock(&sim->lock);
	ret = sim_command(sim, area, offset, size, buf);
	if (!ret) {
		if (area == VIRTIO_LEGACY_COMMON) {
			sim_common_write(sim, offset, size, buf);
		} else {
			/* The driver may set the MAC; status is read-only. */
			if (offset < ETH_ALEN)
				memcpy(sim->mac + offset, buf,
				       min_t(unsigned int, size, ETH_ALEN - offset));
		}
	}
	mutex_unlock(&sim->lock);
	return ret;
}

/* The device's modern notify address: where a real owner would point too. */
static int sim_find_notify(struct pci_dev *pdev, u8 *bar, u64 *offset)
{
	u8 pos, type;
	u32 off;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR)) {
		pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, cfg_type),
				     &type);
		if (type != VIRTIO_PCI_CAP_NOTIFY_CFG)
			continue;
		pci_read_config_byte(pdev, pos + offsetof(struct virtio_pci_cap, bar), bar);
		pci_read_config_dword(pdev, pos + offsetof(struct virtio_pci_cap, offset),
				      &off);
		*offset = off;
		return 0;
	}
	return -ENODEV;
}

static int sim_notify_info(struct virtio_legacy_owner *owner, u8 *bar,
			   u64 *offset)
{
	struct sim_device *sim = owner->priv;
	int ret;

	mutex_lock(&sim->lock);
	sim->commands++;
	if (sim->fail_next) {
		sim->fail_next--;
		ret = -EIO;
	} else {
		*bar = sim->notify_bar;
		*offset = sim->notify_offset;
		ret = 0;
	}
	mutex_unlock(&sim->lock);
	return ret;
}

static void sim_reset_done(struct virtio_legacy_owner *owner)
{
	struct sim_device *sim = owner->priv;

	mutex_lock(&sim->lock);
	sim_reset(sim);
	mutex_unlock(&sim->lock);
}

static const char *sim_blocker(struct virtio_legacy_owner *owner)
{
	return NULL;
}

static int sim_state_show(struct seq_file *m, void *unused)
{
	struct sim_device *sim = m->private;
	unsigned int i;

	mutex_lock(&sim->lock);
	seq_printf(m, "host_features 0x%08lx\n", (unsigned long)SIM_HOST_FEATURES);
	seq_printf(m, "guest_features 0x%08x\n", sim->guest_features);
	seq_printf(m, "status 0x%02x\n", sim->status);
	seq_printf(m, "isr 0x%02x\n", sim->isr);
	seq_printf(m, "queue_sel %u\n", sim->queue_sel);
	seq_printf(m, "config_vector 0x%04x\n", sim->config_vector);
	for (i = 0; i < SIM_QUEUES; i++)
		seq_printf(m, "queue %u num %u pfn 0x%x vector 0x%04x\n", i,
			   SIM_QUEUE_SIZE, sim->queues[i].pfn, sim->queues[i].vector);
	seq_printf(m, "mac %pM\n", sim->mac);
	seq_printf(m, "net_status 0x%04x\n", sim->net_status);
	seq_printf(m, "notify bar %u offset 0x%llx\n", sim->notify_bar,
		   (unsigned long long)sim->notify_offset);
	seq_printf(m, "commands %lu\n", sim->commands);
	seq_printf(m, "resets %lu\n", sim->resets);
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_state);

static int sim_fail_get(void *data, u64 *val)
{
	struct sim_device *sim = data;

	mutex_lock(&sim->lock);
	*val = sim->fail_next;
	mutex_unlock(&sim->lock);
	return 0;
}

static int sim_fail_set(void *data, u64 val)
{
	struct sim_device *sim = data;

	if (val > UINT_MAX)
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->fail_next = val;
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_fail_fops, sim_fail_get, sim_fail_set, "%llu\n");

static int sim_isr_set(void *data, u64 val)
{
	struct sim_device *sim = data;

	if (val > U8_MAX)
		return -EINVAL;
	mutex_lock(&sim->lock);
	sim->isr |= val;
	mutex_unlock(&sim->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_isr_fops, NULL, sim_isr_set, "%llu\n");

static void sim_detach(struct virtio_legacy_owner *owner)
{
	struct sim_device *sim = owner->priv;

	debugfs_remove_recursive(sim->dir);
	mutex_destroy(&sim->lock);
	kfree(sim);
	owner->priv = NULL;
}

static const struct virtio_legacy_owner_ops sim_ops = {
	.blocker	= sim_blocker,
	.read		= sim_read,
	.write		= sim_write,
	.notify_info	= sim_notify_info,
	.reset_done	= sim_reset_done,
	.detach		= sim_detach,
};

static bool sim_listed(struct pci_dev *pdev)
{
	const char *name = pci_name(pdev);
	size_t len = strlen(name);
	const char *p = sim_owner;

	while (p && *p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/**
 * virtio_legacy_sim_attach - give a listed device a simulated owner
 * @owner: the device's owner; ->member is set
 *
 * A device that is not listed keeps the owner it has (the admin backend).
 *
 * Return: 0, or -ENOMEM if a listed device cannot get its simulated owner.
 */
int virtio_legacy_sim_attach(struct virtio_legacy_owner *owner)
{
	struct pci_dev *pdev = owner->member;
	struct sim_device *sim;

	if (!sim_listed(pdev))
		return 0;
	sim = kzalloc_obj(*sim, GFP_KERNEL);
	if (!sim)
		return -ENOMEM;
	mutex_init(&sim->lock);
	if (sim_find_notify(pdev, &sim->notify_bar, &sim->notify_offset)) {
		pci_warn(pdev, "simulated owner: no virtio notify capability\n");
		sim->notify_bar = PCI_STD_NUM_BARS;	/* open will refuse it */
	}
	/* Locally administered, then the device's bus, slot and function. */
	sim->mac[0] = 0x02;
	sim->mac[3] = pdev->bus->number;
	sim->mac[4] = PCI_SLOT(pdev->devfn);
	sim->mac[5] = PCI_FUNC(pdev->devfn);
	sim->net_status = VIRTIO_NET_S_LINK_UP;
	sim_reset(sim);
	sim->resets = 0;

	sim->dir = debugfs_create_dir(pci_name(pdev), sim_root);
	debugfs_create_file("state", 0444, sim->dir, sim, &sim_state_fops);
	debugfs_create_file_unsafe("fail_next", 0644, sim->dir, sim, &sim_fail_fops);
	debugfs_create_file_unsafe("raise_isr", 0200, sim->dir, sim, &sim_isr_fops);

	owner->ops = &sim_ops;
	owner->priv = sim;
	pci_info(pdev, "legacy registers served by a simulated owner (test build)\n");
	return 0;
}

int virtio_legacy_sim_init(void)
{
	sim_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	return 0;
}

void virtio_legacy_sim_exit(void)
{
	debugfs_remove_recursive(sim_root);
}
