// EXPECT: data-race Ui.ProgressPercent (event_loop.cpp:45, event_loop.cpp:52)
// RAVEL-RUN: --schedule native --runs 5
//
// GUI-style event loop with a worker that updates UI state directly.
//
// The UI thread runs an event loop: it takes input events and repaints the
// window from the UI state. A download runs on a worker thread and, to show
// progress, writes the progress bar's value straight into the UI state. UI
// toolkits (Qt, GTK, Win32, Android) all say the same thing: UI state
// belongs to the UI thread. Here a repaint reads the value while the worker
// writes it:
//
//   worker: Ui.ProgressPercent = 42        (no synchronisation)
//   UI:     repaint reads Ui.ProgressPercent  <- a data race; in a real
//           toolkit the worker would also be rebuilding widgets that the UI
//           thread is drawing
//
// This program replays a recorded input session, as UI tests do, then waits
// for the download. Why the bug hides: an int store is "atomic enough" on
// x86, so the bar only occasionally shows a stale value -- until the state
// is a string, a list model or a widget tree.
//
// Fix (event_loop_fixed.cpp): the worker posts progress events to the
// loop's queue; only the UI thread ever touches the UI state.
#include <cstdio>
#include <thread>
#include <vector>

enum class EventKind { MouseMove, KeyPress, Repaint };

struct UiState {
  int ProgressPercent = 0;
  int Repaints = 0;
  int KeysTyped = 0;
  char ProgressBar[41] = {}; // the last frame drawn
};

static UiState Ui;

static void download(int Chunks) {
  unsigned Digest = 0;
  for (int Chunk = 1; Chunk <= Chunks; ++Chunk) {
    for (int Byte = 0; Byte < 2000; ++Byte)
      Digest = Digest * 31 + static_cast<unsigned>(Byte ^ Chunk);
    Ui.ProgressPercent = Chunk * 100 / Chunks;
  }
  if (Digest == 1)
    std::puts("unlikely digest");
}

static void renderProgressBar(char *Bar, int Width) {
  int Filled = Ui.ProgressPercent * Width / 100;
  for (int I = 0; I < Width; ++I)
    Bar[I] = I < Filled ? '#' : '.';
  Bar[Width] = '\0';
}

static void runEventLoop(const std::vector<EventKind> &Session) {
  for (EventKind E : Session) {
    switch (E) {
    case EventKind::MouseMove:
      break;
    case EventKind::KeyPress:
      Ui.KeysTyped++;
      break;
    case EventKind::Repaint:
      renderProgressBar(Ui.ProgressBar, 40);
      Ui.Repaints++;
      break;
    }
  }
}

int main() {
  std::vector<EventKind> Session;
  for (int I = 0; I < 300; ++I)
    Session.push_back(I % 3 == 0   ? EventKind::Repaint
                      : I % 3 == 1 ? EventKind::MouseMove
                                   : EventKind::KeyPress);
  std::thread Downloader(download, 100);
  runEventLoop(Session);
  Downloader.join();
  std::printf("%d repaints, %d keys, last frame [%s]\n", Ui.Repaints,
              Ui.KeysTyped, Ui.ProgressBar);
  return 0;
}
