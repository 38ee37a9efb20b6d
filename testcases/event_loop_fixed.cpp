// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of event_loop.cpp (worker updating UI state directly).
//
// The worker never touches the UI state. It posts Progress events to the
// event loop's queue (a mutex and a condition variable), exactly like
// QMetaObject::invokeMethod(..., Qt::QueuedConnection) or g_idle_add() do,
// and a final Done event. Only the UI thread reads and writes the UI state,
// so it needs no lock at all.
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

enum class EventKind { MouseMove, KeyPress, Repaint, Progress, DownloadDone };

struct Event {
  EventKind Kind;
  int Value;
};

class EventQueue {
public:
  void post(Event E) {
    {
      std::lock_guard<std::mutex> Guard(Mu);
      Events.push_back(E);
    }
    Posted.notify_one();
  }

  Event next() {
    std::unique_lock<std::mutex> Lock(Mu);
    Posted.wait(Lock, [this] { return !Events.empty(); });
    Event E = Events.front();
    Events.pop_front();
    return E;
  }

private:
  std::mutex Mu;
  std::condition_variable Posted;
  std::deque<Event> Events;
};

struct UiState {
  int ProgressPercent = 0;
  int Repaints = 0;
  int KeysTyped = 0;
  char ProgressBar[41] = {}; // the last frame drawn
};

static UiState Ui; // touched by the UI thread only

static void download(EventQueue &Loop, int Chunks) {
  unsigned Digest = 0;
  for (int Chunk = 1; Chunk <= Chunks; ++Chunk) {
    for (int Byte = 0; Byte < 2000; ++Byte)
      Digest = Digest * 31 + static_cast<unsigned>(Byte ^ Chunk);
    Loop.post(Event{EventKind::Progress, Chunk * 100 / Chunks});
  }
  Loop.post(Event{EventKind::DownloadDone, static_cast<int>(Digest & 1)});
}

static void renderProgressBar(char *Bar, int Width) {
  int Filled = Ui.ProgressPercent * Width / 100;
  for (int I = 0; I < Width; ++I)
    Bar[I] = I < Filled ? '#' : '.';
  Bar[Width] = '\0';
}

// Runs until the recorded input is replayed and the download has finished.
static void runEventLoop(EventQueue &Loop, int InputEvents) {
  bool Downloading = true;
  while (InputEvents > 0 || Downloading) {
    Event E = Loop.next();
    switch (E.Kind) {
    case EventKind::MouseMove:
      --InputEvents;
      break;
    case EventKind::KeyPress:
      --InputEvents;
      Ui.KeysTyped++;
      break;
    case EventKind::Repaint:
      --InputEvents;
      renderProgressBar(Ui.ProgressBar, 40);
      Ui.Repaints++;
      break;
    case EventKind::Progress:
      Ui.ProgressPercent = E.Value;
      break;
    case EventKind::DownloadDone:
      Downloading = false;
      break;
    }
  }
}

int main() {
  EventQueue Loop;
  const int InputEvents = 300;
  for (int I = 0; I < InputEvents; ++I)
    Loop.post(Event{I % 3 == 0   ? EventKind::Repaint
                    : I % 3 == 1 ? EventKind::MouseMove
                                 : EventKind::KeyPress,
                    0});
  std::thread Downloader(download, std::ref(Loop), 100);
  runEventLoop(Loop, InputEvents);
  Downloader.join();
  std::printf("%d repaints, %d keys, progress %d%%, last frame [%s]\n",
              Ui.Repaints, Ui.KeysTyped, Ui.ProgressPercent, Ui.ProgressBar);
  return 0;
}
