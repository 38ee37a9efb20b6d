//===- tool/driver/files.cpp - small file helpers of the driver -----------===//
#include "files.h"

#include <cerrno>
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

llvm::Error writeFileAtomically(const std::string &Path,
                                const std::string &Content) {
  std::string Tmp = Path + ".tmp." + std::to_string(getpid());
  int Fd = open(Tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (Fd < 0)
    return errnoError(Path + ": cannot write");
  size_t Done = 0;
  while (Done < Content.size()) {
    ssize_t N = write(Fd, Content.data() + Done, Content.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0) {
      llvm::Error E = errnoError(Path + ": cannot write");
      close(Fd);
      unlink(Tmp.c_str());
      return E;
    }
    Done += static_cast<size_t>(N);
  }
  if (fsync(Fd) != 0 || close(Fd) != 0) {
    llvm::Error E = errnoError(Path + ": cannot write");
    unlink(Tmp.c_str());
    return E;
  }
  if (rename(Tmp.c_str(), Path.c_str()) != 0) {
    llvm::Error E = errnoError(Path + ": cannot replace");
    unlink(Tmp.c_str());
    return E;
  }
  return llvm::Error::success();
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
