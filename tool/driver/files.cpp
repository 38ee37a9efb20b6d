//===- tool/driver/files.cpp - small file helpers of the driver -----------===//
#include "files.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ravel::driver {

static llvm::Error errnoError(const std::string &What) {
  return llvm::createStringError(What + ": " + std::strerror(errno));
}

/// Writes all of Content to Fd.
static bool writeAll(int Fd, const std::string &Content) {
  size_t Done = 0;
  while (Done < Content.size()) {
    ssize_t N = write(Fd, Content.data() + Done, Content.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0)
      return false;
    Done += static_cast<size_t>(N);
  }
  return true;
}

/// Paths that name a stream rather than a file to replace: a device, a FIFO
/// or a socket, and anything under /dev or /proc (`/dev/stdout` may resolve
/// to the regular file the shell redirected stdout to; replacing it would
/// lose the output).
static bool isStreamPath(const std::string &Path) {
  if (Path.rfind("/dev/", 0) == 0 || Path.rfind("/proc/", 0) == 0)
    return true;
  struct stat St;
  return stat(Path.c_str(), &St) == 0 && !S_ISREG(St.st_mode) &&
         !S_ISDIR(St.st_mode);
}

llvm::Error writeFileAtomically(const std::string &Path,
                                const std::string &Content) {
  if (isStreamPath(Path)) {
    int Fd = open(Path.c_str(), O_WRONLY | O_CLOEXEC);
    if (Fd < 0)
      return errnoError(Path + ": cannot write");
    bool Ok = writeAll(Fd, Content);
    llvm::Error E =
        Ok ? llvm::Error::success() : errnoError(Path + ": cannot write");
    close(Fd);
    return E;
  }
  // A symbolic link keeps pointing where it did: the file it names is the
  // one replaced.
  std::string Target = Path;
  struct stat Link;
  if (lstat(Path.c_str(), &Link) == 0 && S_ISLNK(Link.st_mode)) {
    if (char *Real = realpath(Path.c_str(), nullptr)) {
      Target = Real;
      std::free(Real);
    } else {
      // A link to a file not written yet: its text, from the link's folder.
      char Buf[4096];
      ssize_t N = readlink(Path.c_str(), Buf, sizeof(Buf) - 1);
      if (N > 0) {
        std::string To(Buf, static_cast<size_t>(N));
        Target = To[0] == '/' ? To : dirName(Path) + "/" + To;
      }
    }
  }
  // The temporary file is new and ours (O_EXCL through mkostemp: a file or
  // link planted at its name is never followed or reused), in the target's
  // directory so that rename(2) stays on one file system.
  std::string Tmp = Target + ".tmp.XXXXXX";
  int Fd = mkostemp(Tmp.data(), O_CLOEXEC);
  if (Fd < 0)
    return errnoError(Path + ": cannot write");
  mode_t Mask = umask(0);
  umask(Mask);
  struct stat Old;
  mode_t Mode =
      stat(Target.c_str(), &Old) == 0 ? (Old.st_mode & 07777) : (0666 & ~Mask);
  if (fchmod(Fd, Mode) != 0 || !writeAll(Fd, Content) || fsync(Fd) != 0) {
    llvm::Error E = errnoError(Path + ": cannot write");
    close(Fd);
    unlink(Tmp.c_str());
    return E;
  }
  if (close(Fd) != 0) {
    llvm::Error E = errnoError(Path + ": cannot write");
    unlink(Tmp.c_str());
    return E;
  }
  if (rename(Tmp.c_str(), Target.c_str()) != 0) {
    llvm::Error E = errnoError(Path + ": cannot replace");
    unlink(Tmp.c_str());
    return E;
  }
  return llvm::Error::success();
}

std::string schedulesDirOf(const std::string &ReportPath) {
  std::string Base = ReportPath.substr(ReportPath.rfind('/') + 1);
  if (Base.size() > 5 && Base.compare(Base.size() - 5, 5, ".json") == 0)
    Base.resize(Base.size() - 5);
  return "ravel-schedules/" + Base;
}

std::string fileIdentity(const std::string &Path) {
  int Fd = open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return "";
  uint64_t H = 0xcbf29ce484222325ull;
  char Buf[1 << 16];
  for (;;) {
    ssize_t N = read(Fd, Buf, sizeof(Buf));
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      close(Fd);
      if (N < 0)
        return "";
      break;
    }
    for (ssize_t I = 0; I < N; ++I)
      H = (H ^ static_cast<unsigned char>(Buf[I])) * 0x100000001b3ull;
  }
  char Out[32];
  snprintf(Out, sizeof(Out), "fnv1a64:%016llx",
           static_cast<unsigned long long>(H));
  return Out;
}

bool sameFile(const std::string &A, const std::string &B) {
  struct stat SA, SB;
  if (stat(A.c_str(), &SA) == 0 && stat(B.c_str(), &SB) == 0)
    return SA.st_dev == SB.st_dev && SA.st_ino == SB.st_ino;
  // One does not exist yet: the same directory entry is the same file.
  auto Canonical = [](const std::string &P) {
    std::string Dir = dirName(P), Base = P.substr(P.rfind('/') + 1);
    char *Real = realpath(Dir.c_str(), nullptr);
    std::string Out = (Real ? std::string(Real) : Dir) + "/" + Base;
    std::free(Real);
    return Out;
  };
  return Canonical(A) == Canonical(B);
}

llvm::Expected<std::string> readWholeFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return errnoError(Path + ": cannot open");
  std::ostringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

std::string readFileTail(const std::string &Path, size_t MaxBytes) {
  std::ifstream In(Path, std::ios::binary | std::ios::ate);
  if (!In)
    return "";
  std::streamoff Size = In.tellg();
  std::streamoff From =
      Size > static_cast<std::streamoff>(MaxBytes) ? Size - MaxBytes : 0;
  In.seekg(From);
  std::string Out(static_cast<size_t>(Size - From), '\0');
  In.read(Out.data(), Out.size());
  return Out;
}

std::string lastLines(const std::string &Text, size_t N) {
  size_t End = Text.size();
  while (End > 0 && Text[End - 1] == '\n')
    --End;
  size_t Pos = End;
  for (size_t Count = 0; Pos > 0; --Pos)
    if (Text[Pos - 1] == '\n' && ++Count == N)
      break;
  return Text.substr(Pos, End - Pos);
}

std::string dirName(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  if (Slash == std::string::npos)
    return ".";
  return Slash == 0 ? "/" : Path.substr(0, Slash);
}

llvm::Error makeDirectories(const std::string &Dir) {
  std::string Partial;
  size_t Pos = 0;
  while (Pos != std::string::npos) {
    Pos = Dir.find('/', Pos + 1);
    Partial = Dir.substr(0, Pos);
    if (Partial.empty())
      continue;
    if (mkdir(Partial.c_str(), 0755) != 0 && errno != EEXIST)
      return errnoError(Partial + ": cannot create directory");
  }
  return llvm::Error::success();
}

llvm::Expected<std::string> makeTempDirectory(const std::string &Prefix) {
  const char *Tmp = std::getenv("TMPDIR");
  std::string Template =
      std::string(Tmp && *Tmp ? Tmp : "/tmp") + "/" + Prefix + "-XXXXXX";
  if (!mkdtemp(Template.data()))
    return errnoError(Template + ": cannot create temporary directory");
  return Template;
}

void removeTree(const std::string &Dir) {
  if (DIR *D = opendir(Dir.c_str())) {
    while (dirent *E = readdir(D)) {
      std::string Name = E->d_name;
      if (Name != "." && Name != "..")
        unlink((Dir + "/" + Name).c_str());
    }
    closedir(D);
  }
  rmdir(Dir.c_str());
}

} // namespace ravel::driver
