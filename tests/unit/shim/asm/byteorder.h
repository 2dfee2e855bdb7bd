/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's cpu_to_le and le_to_cpu helpers, for the host's byte order. */
#ifndef SHIM_ASM_BYTEORDER_H
#define SHIM_ASM_BYTEORDER_H
#include_next <asm/byteorder.h>
#include <endian.h>
#define cpu_to_le16(x) ((__le16)htole16(x))
#define cpu_to_le32(x) ((__le32)htole32(x))
#define le16_to_cpu(x) le16toh((uint16_t)(x))
#define le32_to_cpu(x) le32toh((uint32_t)(x))
#endif
