//===- tool/driver/files.h - small file helpers of the driver ---*- C++ -*-===//
#ifndef RAVEL_TOOL_DRIVER_FILES_H
#define RAVEL_TOOL_DRIVER_FILES_H

#include "llvm/Support/Error.h"

#include <string>

namespace ravel::driver {

/// Writes Content to Path through a new temporary file in the same
/// directory (created exclusively: a planted file or link is never
/// followed) and rename(2): readers see the old file or the whole new one,
/// never a part. A symbolic link is kept and the file it names replaced. A
/// device, FIFO or socket, and any path under /dev or /proc
/// (`/dev/stdout`), is written into instead.
llvm::Error writeFileAtomically(const std::string &Path,
                                const std::string &Content);
/// Where the schedules of the report at ReportPath are kept, relative to
/// the report's directory: `ravel-schedules/<report name without .json>`,
/// so two reports in one directory never share a schedule file.
std::string schedulesDirOf(const std::string &ReportPath);
/// The build identity of a program file: "fnv1a64:<16 hex digits>" of its
/// bytes (empty when unreadable). A rebuild from changed sources changes it.
std::string fileIdentity(const std::string &Path);
/// Whether A and B name the same file (the same inode when both exist, the
/// same directory entry otherwise).
bool sameFile(const std::string &A, const std::string &B);
llvm::Expected<std::string> readWholeFile(const std::string &Path);
/// The last MaxBytes of a file (for stderr tails); empty if unreadable.
std::string readFileTail(const std::string &Path, size_t MaxBytes);
/// The last N lines of Text.
std::string lastLines(const std::string &Text, size_t N);
/// Directory part of Path ("." when it has none).
std::string dirName(const std::string &Path);
/// Creates Dir and its parents; fine if it exists.
llvm::Error makeDirectories(const std::string &Dir);
/// A fresh private directory under $TMPDIR (or /tmp).
llvm::Expected<std::string> makeTempDirectory(const std::string &Prefix);
/// Removes Dir and the plain files in it.
void removeTree(const std::string &Dir);

} // namespace ravel::driver

#endif
