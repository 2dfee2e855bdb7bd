// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: drives the legacy access commands of a virtio-net PF's
 * admin virtqueue (the patched test QEMU of tests/qemu/) through Linux's own
 * virtio_pci_admin_*() helpers, for the VF named by vf=, and reports one
 * "admin-smoke: ok|not ok - DESCRIPTION" line per check in the kernel log
 * (tests/qemu/smoke.sh turns them into TAP).
 *
 *   phase=basic    register reads and writes, device area, notify info,
 *                  out-of-range errors (mac= is the VF's expected MAC)
 *   phase=fault    the PF's x-admin-fail-next was set to fails= just before:
 *                  that many commands fail with -ENOMEM, later ones succeed
 *   phase=noadmin  the PF has admin-vq=off: no legacy access
 *
 * The checks run once, at load time; unload the module before the next
 * phase.  (Failing the load instead would not do: busybox insmod retries a
 * failed finit_module() with init_module(), which would run them twice.)
 *
 * All buffers handed to virtio_pci_admin_*() are kmalloc'd: they end up in
 * scatterlists, which must not point into a (vmapped) stack.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_pci_admin.h>
#include <linux/virtio_config.h>
#include <linux/virtio_net.h>
#include <linux/if_ether.h>

#define OWNER_MEM	VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM
#define OWNER_DEV	VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_DEV

static char *vf;
module_param(vf, charp, 0444);
MODULE_PARM_DESC(vf, "PCI address of the VF (DDDD:BB:DD.F)");
static char *mac;
module_param(mac, charp, 0444);
MODULE_PARM_DESC(mac, "expected MAC address of the VF");
static char *phase = "basic";
module_param(phase, charp, 0444);
MODULE_PARM_DESC(phase, "basic, fault or noadmin");
static int fails = 3;
module_param(fails, int, 0444);
MODULE_PARM_DESC(fails, "phase=fault: the number of commands set to fail");
static bool kick = true;
module_param(kick, bool, 0444);
MODULE_PARM_DESC(kick, "phase=basic: ring the legacy doorbell of queue 1");

#define LEGACY_COMMON_SIZE_NO_MSIX 20	/* VIRTIO_PCI_CONFIG_OFF(false) */
/* A legacy split ring of 256 entries takes 3 pages; queue 1 follows queue 0 */
#define RING_BYTES (4 * PAGE_SIZE)

static int failures;

#define check(cond, fmt, ...) ({					\
	bool __ok = (cond);						\
	if (!__ok)							\
		failures++;						\
	pr_info("admin-smoke: %s - " fmt "\n", __ok ? "ok" : "not ok",	\
		##__VA_ARGS__);						\
	__ok;								\
})

/* Little-endian register helpers over kmalloc'd buffers */
static int common_read(struct pci_dev *pdev, u8 off, u8 size, u32 *val)
{
	u8 *buf = kzalloc(4, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = virtio_pci_admin_legacy_common_io_read(pdev, off, size, buf);
	*val = buf[0] | buf[1] << 8 | buf[2] << 16 | (u32)buf[3] << 24;
	kfree(buf);
	return ret;
}

static int common_write(struct pci_dev *pdev, u8 off, u8 size, u32 val)
{
	u8 *buf = kzalloc(4, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	buf[0] = val;
	buf[1] = val >> 8;
	buf[2] = val >> 16;
	buf[3] = val >> 24;
	ret = virtio_pci_admin_legacy_common_io_write(pdev, off, size, buf);
	kfree(buf);
	return ret;
}

static int device_read(struct pci_dev *pdev, u8 off, u8 size, u8 *out)
{
	u8 *buf = kzalloc(size, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = virtio_pci_admin_legacy_device_io_read(pdev, off, size, buf);
	memcpy(out, buf, size);
	kfree(buf);
	return ret;
}

static int device_write(struct pci_dev *pdev, u8 off, u8 size, const u8 *in)
{
	u8 *buf = kmemdup(in, size, GFP_KERNEL);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = virtio_pci_admin_legacy_device_io_write(pdev, off, size, buf);
	kfree(buf);
	return ret;
}

static void doorbell_kick(struct pci_dev *pdev, u8 bar, u64 off, u16 queue)
{
	void __iomem *db;
	int ret;

	ret = pci_enable_device_mem(pdev);
	if (!check(!ret, "pci_enable_device_mem(VF) (%d)", ret))
		return;
	db = pci_iomap_range(pdev, bar, off, 2);
	if (check(db, "map the doorbell (BAR %u + %#llx)", bar, off)) {
		iowrite16(queue, db);
		/* A read of the BAR flushes the posted write */
		ioread16(db);
		pr_info("admin-smoke: # kicked queue %u through the doorbell\n",
			queue);
		pci_iounmap(pdev, db);
	}
	pci_disable_device(pdev);
}

static void phase_basic(struct pci_dev *pdev)
{
	u8 expected[ETH_ALEN], got[ETH_ALEN], b, notify_bar = 0;
	u32 host, val, pfn;
	u64 notify_off = 0;
	bool notify_ok;
	dma_addr_t ring_dma = 0;
	void *ring = NULL;
	int ret, i;

	if (!check(virtio_pci_admin_has_legacy_io(pdev),
		   "virtio_pci_admin_has_legacy_io()"))
		return;

	/* Start from a reset device */
	ret = common_write(pdev, VIRTIO_PCI_STATUS, 1, 0);
	check(!ret, "write status 0 (reset) (%d)", ret);

	ret = common_read(pdev, VIRTIO_PCI_HOST_FEATURES, 4, &host);
	check(!ret && (host & BIT(VIRTIO_NET_F_MAC)),
	      "read host features %#x (has VIRTIO_NET_F_MAC) (%d)", host, ret);

	ret = common_write(pdev, VIRTIO_PCI_STATUS, 1,
			   VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	check(!ret, "write status ACKNOWLEDGE|DRIVER (%d)", ret);
	ret = common_read(pdev, VIRTIO_PCI_STATUS, 1, &val);
	check(!ret && val == (VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER),
	      "read status back: %#x (%d)", val, ret);

	ret = common_write(pdev, VIRTIO_PCI_GUEST_FEATURES, 4,
			   host & BIT(VIRTIO_NET_F_MAC));
	ret = ret ?: common_read(pdev, VIRTIO_PCI_GUEST_FEATURES, 4, &val);
	check(!ret && val == (host & BIT(VIRTIO_NET_F_MAC)),
	      "write and read back guest features: %#x (%d)", val, ret);

	ret = common_write(pdev, VIRTIO_PCI_QUEUE_SEL, 2, 0);
	ret = ret ?: common_read(pdev, VIRTIO_PCI_QUEUE_SEL, 2, &val);
	check(!ret && val == 0, "select queue 0: %u (%d)", val, ret);

	ret = common_read(pdev, VIRTIO_PCI_QUEUE_NUM, 2, &val);
	check(!ret && val, "queue 0 size %u != 0 (%d)", val, ret);

	/*
	 * A real ring, mapped for the VF: the device reaches it through the
	 * vIOMMU like any DMA of the VF.
	 */
	ring = dma_alloc_coherent(&pdev->dev, RING_BYTES * 2, &ring_dma,
				  GFP_KERNEL);
	if (check(ring, "allocate a DMA ring for the VF")) {
		/*
		 * With the vIOMMU translating, QEMU must use the VF's DMA
		 * address space to find the ring, even in legacy mode.
		 */
		phys_addr_t pa = is_vmalloc_addr(ring) ?
			page_to_phys(vmalloc_to_page(ring)) : virt_to_phys(ring);

		check(ring_dma != pa,
		      "ring IOVA %pad differs from its physical address %pa",
		      &ring_dma, &pa);
		pfn = ring_dma >> VIRTIO_PCI_QUEUE_ADDR_SHIFT;
		ret = common_write(pdev, VIRTIO_PCI_QUEUE_PFN, 4, pfn);
		ret = ret ?: common_read(pdev, VIRTIO_PCI_QUEUE_PFN, 4, &val);
		check(!ret && val == pfn,
		      "write queue 0 PFN %#x, read back %#x (%d)", pfn, val, ret);
	}

	/*
	 * Queue 1 (transmit), for the doorbell test: the device updates its
	 * used ring flags when kicked, a DMA write through the vIOMMU.
	 */
	if (ring) {
		pfn = (ring_dma + RING_BYTES) >> VIRTIO_PCI_QUEUE_ADDR_SHIFT;
		ret = common_write(pdev, VIRTIO_PCI_QUEUE_SEL, 2, 1);
		ret = ret ?: common_write(pdev, VIRTIO_PCI_QUEUE_PFN, 4, pfn);
		ret = ret ?: common_read(pdev, VIRTIO_PCI_QUEUE_PFN, 4, &val);
		check(!ret && val == pfn, "write queue 1 PFN %#x (%d)", pfn, ret);
		pr_info("admin-smoke: # queue 1 ring IOVA %#llx\n",
			(u64)ring_dma + RING_BYTES);
		common_write(pdev, VIRTIO_PCI_QUEUE_SEL, 2, 0);
	}

	ret = common_write(pdev, VIRTIO_PCI_STATUS, 1,
			   VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			   VIRTIO_CONFIG_S_DRIVER_OK);
	ret = ret ?: common_read(pdev, VIRTIO_PCI_STATUS, 1, &val);
	check(!ret && val == (VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			      VIRTIO_CONFIG_S_DRIVER_OK),
	      "status DRIVER_OK: %#x (%d)", val, ret);

	ret = common_read(pdev, VIRTIO_PCI_ISR, 1, &val);
	check(!ret && val <= 3, "read ISR: %#x (%d)", val, ret);

	/* MAC, byte by byte, from the device area */
	if (mac && mac_pton(mac, expected)) {
		ret = 0;
		for (i = 0; i < ETH_ALEN && !ret; i++)
			ret = device_read(pdev, i, 1, &got[i]);
		check(!ret && ether_addr_equal(got, expected),
		      "device area MAC %pM, expected %pM (%d)", got, expected,
		      ret);

		ret = device_read(pdev, 0, ETH_ALEN, got);
		check(!ret && ether_addr_equal(got, expected),
		      "device area MAC in one 6-byte read: %pM (%d)", got, ret);

		/* Legacy drivers set the MAC by writing the config */
		b = expected[5] ^ 0xff;
		ret = device_write(pdev, 5, 1, &b);
		ret = ret ?: device_read(pdev, 5, 1, got);
		check(!ret && got[0] == b,
		      "write MAC byte 5 = %#x, read back %#x (%d)", b, got[0],
		      ret);
		ret = device_write(pdev, 5, 1, &expected[5]);
		check(!ret, "restore MAC byte 5 (%d)", ret);
	} else {
		check(false, "mac= parameter '%s' is a MAC address",
		      mac ?: "(none)");
	}

	ret = virtio_pci_admin_legacy_io_notify_info(pdev, OWNER_MEM,
						     &notify_bar, &notify_off);
	notify_ok = !ret && notify_bar < PCI_STD_NUM_BARS && !(notify_off & 1) &&
		    (pci_resource_flags(pdev, notify_bar) & IORESOURCE_MEM) &&
		    notify_off + 2 <= pci_resource_len(pdev, notify_bar);
	notify_ok = check(notify_ok,
			  "notify info (OWNER_MEM): BAR %u offset %#llx, BAR length %#llx (%d)",
			  notify_bar, notify_off,
			  (u64)pci_resource_len(pdev, notify_bar), ret);
	pr_info("admin-smoke: # notify bar=%u offset=%#llx\n", notify_bar,
		notify_off);
	{
		u8 bar2;
		u64 off2;

		ret = virtio_pci_admin_legacy_io_notify_info(pdev, OWNER_DEV,
							     &bar2, &off2);
		check(ret == -ENOENT,
		      "notify info (OWNER_DEV): no such entry (%d)", ret);
	}

	if (kick && ring && notify_ok)
		doorbell_kick(pdev, notify_bar, notify_off, 1);

	/* Out of range: MSI-X is off on the VF, so the common header is 20 bytes */
	ret = common_read(pdev, LEGACY_COMMON_SIZE_NO_MSIX, 2, &val);
	check(ret == -EINVAL,
	      "read MSI-X config vector with MSI-X disabled: -EINVAL (%d)", ret);
	ret = common_read(pdev, LEGACY_COMMON_SIZE_NO_MSIX - 2, 4, &val);
	check(ret == -EINVAL, "read crossing the common header end: -EINVAL (%d)",
	      ret);
	ret = common_write(pdev, 0xff, 1, 0);
	check(ret == -EINVAL, "write at common offset 255: -EINVAL (%d)", ret);
	ret = device_read(pdev, 0xfe, 2, got);
	check(ret == -EINVAL, "read at device offset 254: -EINVAL (%d)", ret);
	b = 0;
	ret = device_write(pdev, 0xf0, 1, &b);
	check(ret == -EINVAL, "write at device offset 240: -EINVAL (%d)", ret);

	/* The PF keeps working after errors; status 0 resets */
	ret = common_write(pdev, VIRTIO_PCI_STATUS, 1, 0);
	ret = ret ?: common_read(pdev, VIRTIO_PCI_STATUS, 1, &val);
	check(!ret && val == 0, "status 0 resets: status %#x (%d)", val, ret);
	ret = common_read(pdev, VIRTIO_PCI_QUEUE_PFN, 4, &val);
	check(!ret && val == 0, "queue 0 PFN is 0 after reset: %#x (%d)", val,
	      ret);
	ret = common_read(pdev, VIRTIO_PCI_GUEST_FEATURES, 4, &val);
	check(!ret && val == 0, "guest features are 0 after reset: %#x (%d)",
	      val, ret);

	if (ring)
		dma_free_coherent(&pdev->dev, RING_BYTES * 2, ring, ring_dma);
}

static void phase_fault(struct pci_dev *pdev)
{
	u64 notify_off;
	u8 notify_bar;
	u32 val;
	int ret, i;

	check(virtio_pci_admin_has_legacy_io(pdev),
	      "virtio_pci_admin_has_legacy_io() with the fault knob set");
	for (i = 0; i < fails; i++) {
		ret = common_read(pdev, VIRTIO_PCI_HOST_FEATURES, 4, &val);
		check(ret == -ENOMEM, "command %d of %d fails with -ENOMEM (%d)",
		      i + 1, fails, ret);
	}
	for (i = 0; i < 2; i++) {
		ret = common_read(pdev, VIRTIO_PCI_HOST_FEATURES, 4, &val);
		check(!ret && val, "command %d after the faults succeeds (%d)",
		      fails + i + 1, ret);
	}
	ret = virtio_pci_admin_legacy_io_notify_info(pdev, OWNER_MEM,
						     &notify_bar, &notify_off);
	check(!ret, "notify info after the faults succeeds (%d)", ret);
}

static void phase_noadmin(struct pci_dev *pdev)
{
	u32 val = 0;
	int ret;

	check(!virtio_pci_admin_has_legacy_io(pdev),
	      "admin-vq=off: virtio_pci_admin_has_legacy_io() is false");
	ret = common_read(pdev, VIRTIO_PCI_HOST_FEATURES, 4, &val);
	check(ret < 0, "admin-vq=off: legacy common read fails (%d)", ret);
}

static int __init admin_smoke_init(void)
{
	unsigned int domain, bus, slot, fn;
	struct pci_dev *pdev;

	if (!vf || sscanf(vf, "%x:%x:%x.%x", &domain, &bus, &slot, &fn) != 4) {
		pr_err("admin-smoke: vf=DDDD:BB:DD.F is required\n");
		return -EINVAL;
	}
	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(slot, fn));
	if (!pdev) {
		pr_info("admin-smoke: not ok - VF %s exists\n", vf);
		return -ENODEV;
	}
	check(pdev->is_virtfn, "%s is a VF", vf);

	failures = 0;
	if (!strcmp(phase, "basic"))
		phase_basic(pdev);
	else if (!strcmp(phase, "fault"))
		phase_fault(pdev);
	else if (!strcmp(phase, "noadmin"))
		phase_noadmin(pdev);
	else
		check(false, "known phase '%s'", phase);

	pci_dev_put(pdev);
	pr_info("admin-smoke: # phase %s: %d failure(s)\n", phase, failures);
	return 0;
}
module_init(admin_smoke_init);

static void __exit admin_smoke_exit(void)
{
}
module_exit(admin_smoke_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("virtio admin virtqueue legacy access smoke test (test only)");
