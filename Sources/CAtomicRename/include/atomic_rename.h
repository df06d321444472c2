#ifndef TRIPLETFORGE_ATOMIC_RENAME_H
#define TRIPLETFORGE_ATOMIC_RENAME_H

/// Atomically swaps two existing paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, or -1 with errno set (ENOSYS/EINVAL where the kernel or
/// file system cannot exchange; callers then fall back to two renames).
int tf_exchange_paths(const char *from, const char *to);

#endif
