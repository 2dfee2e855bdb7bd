// SPDX-License-Identifier: GPL-2.0-only
/*
 * The transitional profile: a legacy virtio-net I/O BAR0 served by the owner
 * device, and the transitional identity in config space.
 *
 * BAR0 does not exist on the device.  Region info reports it as a 32-byte
 * region without mmap, so the VMM traps every guest I/O access to it and
 * replays it as a read or write of the region, which lands here:
 *   - QUEUE_NOTIFY (offset 16, 16 bits) goes to the member's own doorbell,
 *     whose location the owner gives (LEGACY_NOTIFY_INFO), mapped per open;
 *   - everything else becomes an owner command for the common or the device
 *     config area, the boundary depending on whether the user enabled MSI-X
 *     through VFIO_DEVICE_SET_IRQS (irq_type, not the guest's config writes).
 */
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>
#include <linux/vfio_profile_compat.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>

#include "common.h"

static_assert(VIRTIO_LEGACY_BAR0_SIZE ==
	      VIRTIO_PCI_CONFIG_OFF(true) + offsetofend(struct virtio_net_config, status));
/* BAR sizing masks the low bits: the size must be a power of two. */
static_assert((VIRTIO_LEGACY_BAR0_SIZE & (VIRTIO_LEGACY_BAR0_SIZE - 1)) == 0);

/**
 * virtio_legacy_blocker - why the transitional profile is unavailable
 * @vdev: the device
 *
 * Return: NULL if it is available, else the reason, for logs.
 */
const char *virtio_legacy_blocker(struct virtio_vfio_device *vdev)
{
	struct pci_dev *pdev = vdev->core_device.pdev;

	/* The admin commands and legacy (guest-endian) registers: x86 only. */
	if (!IS_ENABLED(CONFIG_X86))
		return "legacy I/O emulation is supported on x86 only";
	if (pdev->device != VIRTIO_VFIO_NET_DEVICE_ID)
		return "not a modern virtio-net device";
	if (pci_resource_flags(pdev, 0))
		return "the device has a BAR0 of its own";
	return vdev->owner.ops->blocker(&vdev->owner);
}

/* Called from open_device, after vfio_pci_core_enable(). */
int virtio_legacy_open(struct virtio_vfio_device *vdev)
{
	struct vfio_pci_core_device *core = &vdev->core_device;
	struct pci_dev *pdev = core->pdev;
	void __iomem *io;
	u64 offset;
	u8 bar;
	int ret;

	mutex_lock(&vdev->legacy_lock);
	memset(&vdev->shadow, 0, sizeof(vdev->shadow));
	ret = vdev->owner.ops->notify_info(&vdev->owner, &bar, &offset);
	mutex_unlock(&vdev->legacy_lock);
	if (ret) {
		pci_err(pdev, "transitional: the owner gave no notify address (%d)\n", ret);
		return ret;
	}
	/* A 16-bit register: aligned, and wholly inside a memory BAR. */
	if (bar >= PCI_STD_NUM_BARS ||
	    !(pci_resource_flags(pdev, bar) & IORESOURCE_MEM) ||
	    !IS_ALIGNED(offset, sizeof(u16)) ||
	    pci_resource_len(pdev, bar) < sizeof(u16) ||
	    offset > pci_resource_len(pdev, bar) - sizeof(u16)) {
		pci_err(pdev, "transitional: notify address BAR%u+0x%llx is not an aligned 16-bit register in a memory BAR\n",
			bar, offset);
		return -EINVAL;
	}
	/* Per open: vfio_pci_core_disable() unmaps it at close. */
	io = vfio_profile_compat_iomap(core, bar);
	if (IS_ERR(io))
		return PTR_ERR(io);
	vdev->notify_addr = io + offset;
	return 0;
}

void virtio_legacy_close(struct virtio_vfio_device *vdev)
{
	vdev->notify_addr = NULL;
}

/*
 * The device was reset (FLR, VFIO_DEVICE_RESET, hot reset).  The owner resets
 * the legacy device state; the emulated config registers (BAR0, COMMAND.IO)
 * stay as the user wrote them, as vfio-pci-core keeps its virtual BARs and
 * COMMAND in vconfig across a reset: the I/O BAR behaves like the memory BARs
 * beside it.  Only an open starts from zero.
 */
void virtio_legacy_reset_done(struct virtio_vfio_device *vdev)
{
	mutex_lock(&vdev->legacy_lock);
	if (vdev->owner.ops->reset_done)
		vdev->owner.ops->reset_done(&vdev->owner);
	mutex_unlock(&vdev->legacy_lock);
}

static int legacy_notify_rw(struct virtio_vfio_device *vdev, char __user *buf,
			    bool write)
{
	struct vfio_pci_core_device *core = &vdev->core_device;
	__le16 val = 0;
	u16 v;
	int ret;

	/* test_mem: the doorbell is in a memory BAR; honour MEMORY decode. */
	if (write) {
		if (copy_from_user(&val, buf, sizeof(val)))
			return -EFAULT;
		return vfio_pci_core_iowrite16(core, true, le16_to_cpu(val),
					       vdev->notify_addr);
	}
	ret = vfio_pci_core_ioread16(core, true, &v, vdev->notify_addr);
	if (ret)
		return ret;
	val = cpu_to_le16(v);
	return copy_to_user(buf, &val, sizeof(val)) ? -EFAULT : 0;
}

static int legacy_owner_rw(struct virtio_vfio_device *vdev, char __user *buf,
			   enum virtio_legacy_area area, u8 offset, u8 size,
			   bool write)
{
	struct pci_dev *pdev = vdev->core_device.pdev;
	/* Heap, under legacy_lock: the owner may DMA into it. */
	u8 *data = vdev->owner_buf;
	u8 val[VIRTIO_LEGACY_MAX_ACCESS];
	int ret;

	if (WARN_ON_ONCE(size > VIRTIO_LEGACY_MAX_ACCESS))
		return -EINVAL;
	/* Userspace copies stay outside the lock: they may fault and sleep. */
	if (write && copy_from_user(val, buf, size))
		return -EFAULT;

	mutex_lock(&vdev->legacy_lock);
	if (write) {
		memcpy(data, val, size);
		ret = vdev->owner.ops->write(&vdev->owner, area, offset, size, data);
	} else {
		/* Nothing but what the owner returned may reach the user. */
		memset(data, 0, size);
		ret = vdev->owner.ops->read(&vdev->owner, area, offset, size, data);
		memcpy(val, data, size);
	}
	mutex_unlock(&vdev->legacy_lock);

	if (ret) {
		pci_info_ratelimited(pdev, "transitional: owner %s of %s config +%u/%u failed: %d\n",
				     write ? "write" : "read",
				     area == VIRTIO_LEGACY_COMMON ? "common" : "device",
				     offset, size, ret);
		return -EIO;
	}
	if (!write && copy_to_user(buf, val, size))
		return -EFAULT;
	return 0;
}

static ssize_t legacy_bar0_rw(struct virtio_vfio_device *vdev, char __user *buf,
			      size_t count, loff_t *ppos, bool write)
{
	struct vfio_pci_core_device *core = &vdev->core_device;
	u64 pos = *ppos & VFIO_PCI_OFFSET_MASK;
	enum virtio_legacy_area area;
	u8 offset;
	bool io;
	int ret;

	if (!count)
		return 0;
	ret = virtio_legacy_bar0_decode(pos, count,
					core->irq_type == VFIO_PCI_MSIX_IRQ_INDEX,
					&area, &offset);
	if (ret)
		return ret;
	/*
	 * A real I/O BAR does not decode while COMMAND.IO is clear.  The
	 * shadow is written under legacy_lock (config writes, reset): read it
	 * there too.
	 */
	mutex_lock(&vdev->legacy_lock);
	io = virtio_legacy_io_enabled(&vdev->shadow);
	mutex_unlock(&vdev->legacy_lock);
	if (!io)
		return -EIO;

	ret = pm_runtime_resume_and_get(&core->pdev->dev);
	if (ret) {
		pci_info_ratelimited(core->pdev, "transitional: runtime resume failed: %d\n", ret);
		return -EIO;
	}
	if (area == VIRTIO_LEGACY_NOTIFY)
		ret = legacy_notify_rw(vdev, buf, write);
	else
		ret = legacy_owner_rw(vdev, buf, area, offset, count, write);
	pm_runtime_put(&core->pdev->dev);
	if (ret)
		return ret;
	*ppos += count;
	return count;
}

static ssize_t legacy_config_read(struct virtio_vfio_device *vdev,
				  char __user *buf, size_t count, loff_t *ppos)
{
	u64 pos = *ppos & VFIO_PCI_OFFSET_MASK;
	struct virtio_legacy_shadow shadow;
	u8 hdr[VIRTIO_LEGACY_HEADER_LEN];
	loff_t start = *ppos;
	unsigned int end;
	ssize_t ret;

	ret = vfio_pci_core_read(&vdev->core_device.vdev, buf, count, ppos);
	if (ret <= 0 || pos >= VIRTIO_LEGACY_HEADER_LEN)
		return ret;

	/* Only bytes the core just returned are touched and copied back. */
	end = min_t(u64, pos + ret, VIRTIO_LEGACY_HEADER_LEN);
	if (copy_from_user(hdr + pos, buf, end - pos))
		goto fault;
	mutex_lock(&vdev->legacy_lock);
	shadow = vdev->shadow;
	mutex_unlock(&vdev->legacy_lock);
	virtio_legacy_config_overlay(&shadow, hdr, pos, end);
	if (copy_to_user(buf, hdr + pos, end - pos))
		goto fault;
	return ret;

fault:
	/* A failed read does not move the file position. */
	*ppos = start;
	return -EFAULT;
}

static ssize_t legacy_config_write(struct virtio_vfio_device *vdev,
				   const char __user *buf, size_t count,
				   loff_t *ppos)
{
	u64 pos = *ppos & VFIO_PCI_OFFSET_MASK;
	u8 hdr[VIRTIO_LEGACY_HEADER_LEN];
	unsigned int end;
	ssize_t ret;

	if (pos < VIRTIO_LEGACY_HEADER_LEN) {
		end = min_t(u64, pos + count, VIRTIO_LEGACY_HEADER_LEN);
		if (copy_from_user(hdr + pos, buf, end - pos))
			return -EFAULT;
	}
	/* The core applies its own rules to every write, emulated or not. */
	ret = vfio_pci_core_write(&vdev->core_device.vdev, buf, count, ppos);
	if (ret <= 0 || pos >= VIRTIO_LEGACY_HEADER_LEN)
		return ret;

	end = min_t(u64, pos + ret, VIRTIO_LEGACY_HEADER_LEN);
	mutex_lock(&vdev->legacy_lock);
	virtio_legacy_config_capture(&vdev->shadow, hdr, pos, end);
	mutex_unlock(&vdev->legacy_lock);
	return ret;
}

ssize_t virtio_legacy_read(struct virtio_vfio_device *vdev, char __user *buf,
			   size_t count, loff_t *ppos)
{
	switch (VFIO_PCI_OFFSET_TO_INDEX(*ppos)) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return legacy_config_read(vdev, buf, count, ppos);
	case VFIO_PCI_BAR0_REGION_INDEX:
		return legacy_bar0_rw(vdev, buf, count, ppos, false);
	default:
		return vfio_pci_core_read(&vdev->core_device.vdev, buf, count, ppos);
	}
}

ssize_t virtio_legacy_write(struct virtio_vfio_device *vdev,
			    const char __user *buf, size_t count, loff_t *ppos)
{
	switch (VFIO_PCI_OFFSET_TO_INDEX(*ppos)) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return legacy_config_write(vdev, buf, count, ppos);
	case VFIO_PCI_BAR0_REGION_INDEX:
		/* Writes only read the user buffer; the cast keeps one path. */
		return legacy_bar0_rw(vdev, (char __user *)buf, count, ppos, true);
	default:
		return vfio_pci_core_write(&vdev->core_device.vdev, buf, count, ppos);
	}
}

/* BAR0 as region info reports it, whichever path asks. */
static void legacy_bar0_info(struct vfio_region_info *info)
{
	info->offset = VFIO_PCI_INDEX_TO_OFFSET(VFIO_PCI_BAR0_REGION_INDEX);
	info->size = VIRTIO_LEGACY_BAR0_SIZE;
	/* No mmap: every access must trap so that it can be translated. */
	info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	info->cap_offset = 0;
}

#ifdef VFIO_PROFILE_HAVE_REGION_INFO_OP
/**
 * virtio_legacy_get_region_info() - region info of the transitional profile
 * @vdev: the device
 * @info: the request, argsz already checked by vfio core; filled in here
 * @caps: the capability chain, for the regions vfio-pci-core describes
 *
 * Return: 0, or the error of vfio_pci_ioctl_get_region_info().
 */
int virtio_legacy_get_region_info(struct virtio_vfio_device *vdev,
				  struct vfio_region_info *info,
				  struct vfio_info_cap *caps)
{
	/* Every region but BAR0 is the core's, as in native. */
	if (info->index != VFIO_PCI_BAR0_REGION_INDEX)
		return vfio_pci_ioctl_get_region_info(&vdev->core_device.vdev,
						      info, caps);
	legacy_bar0_info(info);
	return 0;
}
#else
static long legacy_region_info(struct virtio_vfio_device *vdev,
			       unsigned int cmd, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info = {};

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	/* Every region but BAR0 is the core's, as in native. */
	if (info.index != VFIO_PCI_BAR0_REGION_INDEX)
		return vfio_pci_core_ioctl(&vdev->core_device.vdev, cmd,
					   (unsigned long)arg);
	/* As vfio core checks it from 6.19 on. */
	if (info.argsz < minsz)
		return -EINVAL;
	legacy_bar0_info(&info);
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

long virtio_legacy_ioctl(struct virtio_vfio_device *vdev, unsigned int cmd,
			 unsigned long arg)
{
	if (cmd == VFIO_DEVICE_GET_REGION_INFO)
		return legacy_region_info(vdev, cmd, (void __user *)arg);
	return vfio_pci_core_ioctl(&vdev->core_device.vdev, cmd, arg);
}
#endif /* VFIO_PROFILE_HAVE_REGION_INFO_OP */
