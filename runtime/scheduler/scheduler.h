//===- scheduler/scheduler.h - the controlled scheduler ----------*- C++ -*-===//
//
// Runs an instrumented program one thread at a time and decides, at every
// scheduling point, which thread goes next (docs/runtime.md, "Scheduler integration"). Strategies
// (random.cpp, pct.cpp, noise.cpp) only choose; this core owns the threads'
// states, the hand-off, modelled blocking, virtual time, the decision log
// (schedule_file.cpp) and replay.
//
// Contract with the runtime:
// - Thread ids are the runtime's dense ids, < kMaxThreads. Thread 0 is the
//   thread that called init() (the main thread).
// - In a controlled mode exactly one registered thread runs at a time: the
//   one holding the turn. Every call below except threadStarted() and the
//   watchdog's own work is made by the thread holding the turn, so the core's
//   state is serialised by the turn itself; a spin lock covers the watchdog,
//   the only other writer.
// - Blocking is modelled, never real: the runtime tries the real operation
//   without blocking (trylock, sem_trywait, ...); when it would block it calls
//   blockOn(object) and tries again after it returns. Releasing an object
//   calls wake(object). The program's own pthread objects are never waited on.
// - Time is virtual (virtualNowNs): a sleeping thread or a timed wait is
//   blocked until virtual time reaches its wake-up; when no thread can run
//   but some wait with a time-out, virtual time jumps to the earliest one.
//   When no thread can run and none waits with a time-out, the state is a
//   deadlock: Hooks.onDeadlock is called on the thread holding the turn (it
//   reports and ends the process). When Step exceeds max_steps,
//   Hooks.onHang is called likewise.
// - Every choice is recorded with a fingerprint of what the scheduler saw
//   (schedule_file.h); a replay compares them and marks the run diverged,
//   with a note naming the step and both sides, at the first difference.
// - A thread that stops reaching scheduling points while holding the turn
//   (blocked in code ravel cannot see: a read on a pipe, an uninstrumented
//   futex; or busy in an uninstrumented library) is detected by a watchdog:
//   after StallMs of its CPU time, or StallMs seen sleeping in a system
//   call; a thread that only waits for a core (runnable, or stopped) is
//   never stuck. It is set free-running, the next thread gets the turn, and
//   the run is marked not exactly replayable with a note saying where. The
//   free thread rejoins at its next scheduling point.
//
// Costs: point() is a single predictable branch in native mode
// (controlled() is false). In a controlled mode it decides (O(threads):
// gathering the runnable set, asking the strategy, recording) only when
// the answer may differ from the last one: a step at which nothing changed
// -- no thread was created, woken, blocked, finished, freed or passed over
// by the fairness rule, no timed wait or alarm fell due, and the strategy
// would choose the same thread (PCT: until its next change point) -- lets
// the thread that holds the turn go on after counting the step. The log
// records only the choices that preempt (schedule_file.h), so such a step
// costs nothing there either, and a replay follows the log's steps.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_SCHEDULER_H
#define RAVEL_RUNTIME_SCHEDULER_SCHEDULER_H

#include <stddef.h>
#include <stdint.h>

#include "ravel/contract/schedule_mode.h"

namespace ravel::rt::sched {

constexpr uint32_t kMaxThreads = 4096;

/// The schedule= value (ravel/contract/schedule_mode.h): one enum for the
/// options, the scheduler and the driver.
using Mode = ravel::contract::ScheduleMode;

/// What a blocked thread waits for (for the deadlock picture only).
enum class WaitKind : uint8_t {
  None,
  Mutex,
  RwRead,
  RwWrite,
  Cond,
  Sem,
  Join,
  Barrier,
  Once,
  Sleep,
  Other
};

enum class WakeReason : uint8_t { Woken, TimedOut, Spurious };

struct Hooks {
  /// No thread can run. Called on the thread holding the turn; must not
  /// return (reports the deadlock and ends the process).
  void (*onDeadlock)() = nullptr;
  /// Step budget exceeded; must not return.
  void (*onHang)(uint64_t Steps) = nullptr;
  /// Starts the watchdog thread (the runtime passes its real
  /// pthread_create); nullptr: no watchdog.
  int (*spawnHelper)(void *(*Fn)(void *), void *Arg) = nullptr;
  /// Text of a site for notes ("file:line"); may be nullptr.
  void (*describeSite)(const void *Site, char *Buf, size_t Len) = nullptr;
  /// A number for a site that is the same in every run of the program
  /// (for the path hash); may be nullptr.
  uint64_t (*siteKey)(const void *Site) = nullptr;
};

struct Config {
  Mode TheMode = Mode::Native;
  uint64_t Seed = 1;
  uint32_t Depth = 3;       // PCT bug depth d (d-1 change points)
  uint64_t StepsHint = 0;   // PCT: expected steps (0: default)
  uint64_t MaxSteps = 0;    // 0: unlimited
  uint32_t StallMs = 1000;  // watchdog: stuck this long → free (see above)
  const char *RecordPath = nullptr; // write the decision log here
  const char *ReplayPath = nullptr; // Mode::Replay: follow this log
  const char *StrategyName = nullptr; // recorded strategy label (default: mode)
  bool AllPoints = false; // every plain access is a point (recorded)
  const uint64_t *RacySites = nullptr; // racy from the start (recorded)
  uint32_t NumRacySites = 0;
  Hooks TheHooks;
};

/// Sets up the scheduler for the calling (main) thread, which becomes thread 0.
/// Returns false with a message in Err (a bad replay file) on failure.
bool init(const Config &C, char *Err, size_t ErrLen);

/// In a child of fork (only the forking thread exists): the scheduler
/// stops controlling anything, as in native mode; nothing is recorded.
void leaveSchedule();

/// True in random, pct and replay modes.
bool controlled();
/// True in noise mode.
bool noisy();

/// What the operation after a scheduling point does to memory, for the
/// fairness rule (below): Read and Write name the bytes [Addr, Addr+Size);
/// Neutral changes nothing another thread can see (a fence); Other is
/// anything else (a lock, a system call, ...), counted as progress.
enum class Effect : uint8_t { Other, Read, Write, Neutral };

/// Scheduling point on the calling thread Self. Site: for notes/pictures.
/// E, Addr, Size: what Self does next, before its next scheduling point.
/// Plain: the point is a plain access (not a synchronisation operation;
/// Strategy::plainSlice).
void point(uint32_t Self, const void *Site, Effect E = Effect::Other,
           uintptr_t Addr = 0, uint64_t Size = 0, bool Plain = false);
/// The operation announced at Self's last point as a Write stored nothing
/// (a compare-exchange that failed): it was a Read. Called by Self.
void noteNoWrite(uint32_t Self);

/// Thread lifecycle. threadCreated is called by the parent (holding the turn)
/// before the real pthread_create; threadStarted by the child first thing; it
/// returns when the child holds the turn. threadFinished hands the turn on and
/// returns without waiting (the thread then exits).
void threadCreated(uint32_t Parent, uint32_t Child);
void threadStarted(uint32_t Self);
void threadFinished(uint32_t Self);

/// Blocks Self on Object (modelled). TimeoutNs < 0: no time-out. Returns when
/// Self holds the turn again: woken by wake(Object), timed out (virtual time),
/// or — for condition variables only, when Spurious is allowed — a spurious
/// wake-up chosen by the schedule.
WakeReason blockOn(uint32_t Self, const void *Object, WaitKind Kind,
                   int64_t TimeoutNs, const void *Site,
                   bool AllowSpurious = false);
/// Makes threads blocked on Object runnable: all of them, or one chosen by the
/// schedule. Returns how many were woken. Does not switch threads.
uint32_t wake(const void *Object, bool All);
/// pthread_cancel of Tid: if it is blocked in a wait that is a
/// cancellation point (condvar, semaphore, join, sleep), the wait returns
/// (WakeReason::Spurious) so the thread can act on the cancellation. Does
/// not switch threads.
void interrupt(uint32_t Tid);
/// sleep/usleep/nanosleep: blocks Self until virtual time has advanced by Ns.
void sleepFor(uint32_t Self, uint64_t Ns, const void *Site);
/// sched_yield: a scheduling point that also lowers Self's priority (so a
/// spin-yield loop cannot starve the thread it waits for under PCT); a
/// yield without progress since Self's previous one is a spin (below).
void yield(uint32_t Self, const void *Site);

/// Fairness (Musuvathi, Qadeer: "Fair stateless model checking", PLDI
/// 2008). A thread spins when it provably makes no progress: since its
/// last progress it only re-read locations no other thread wrote in
/// between (kSpinReads such re-reads), or it yielded (sched_yield, a sleep)
/// twice with nothing but such reads in between. Progress is anything
/// else: a write, a sync operation, a blocking wait, a read that sees
/// another thread's write, reading more distinct locations than a spin
/// loop does. A spinning thread gives up its priority: PCT lowers it below
/// every other thread, as at a change point (not counted towards the
/// depth), and both strategies pass it over while another thread can run,
/// until another thread writes a location it re-read, or until a back-off
/// of other threads' steps ends (doubling per spin, so a wait the rule
/// cannot see still ends). Everything here is a function of the run's
/// events, never of time; the picks it leads to are recorded decisions.
struct SpinInfo {
  bool Spinning = false;       // no progress since it was last seen spinning
  bool ByYield = false;        // seen by yielding, not by re-reading
  const void *Site = nullptr;  // the spinning read or yield
  uint64_t Count = 0;          // re-reads and yields since its last progress
  uint64_t Addr = 0, Size = 0; // the location re-read (ByYield: none)
};
/// Tid's spin state (for the hang report); false when it is not spinning.
bool spinInfo(uint32_t Tid, SpinInfo *Out);
/// The step budget of the run (max_steps, or the replayed file's); 0: none.
uint64_t maxSteps();

/// A schedule choice among N options (N >= 1), recorded and replayed.
uint32_t choose(uint32_t N);

/// Blocked thread for the deadlock picture.
struct BlockedInfo {
  uint32_t Tid;
  const void *Object;
  WaitKind Kind;
  const void *Site;
};
/// Fills Out with the blocked threads (up to Max); returns their number.
uint32_t blockedThreads(BlockedInfo *Out, uint32_t Max);

/// Writes the decision log to Config::RecordPath (no-op without one).
/// Async-signal-safe enough for a crash handler: raw syscalls, no allocation.
/// AtExit: the run ends here; a replay that leaves recorded choices unused
/// (with fingerprints to trust) is marked diverged first.
void saveRecord(bool AtExit = false);

/// Serialized modes: the virtual clock, in ns since init(). It advances by
/// one tick per scheduling step and per call (so a loop that only reads the
/// clock sees time pass), and jumps to the earliest wake-up when no thread
/// can run before it. Timed waits and sleeps expire in this time.
uint64_t virtualNowNs();

/// alarm(2) in virtual time: SIGALRM is sent when virtual time has advanced
/// by DelayNs (0 cancels), to the thread that runs next (which defers the
/// handler until it holds the turn); when no thread could otherwise run,
/// virtual time jumps to it and it interrupts a waiting thread. Returns
/// the time that was left of the previous alarm (0: none).
uint64_t setAlarm(uint64_t DelayNs);

/// Replay: whether the recorded run made every plain access a scheduling
/// point (the file's `points all`); the runtime follows it.
bool recordedAllPoints();
/// Replay: the sites the recorded run was given as racy from the start
/// (racySiteKey()s); returns their number.
uint32_t recordedRacySites(const uint64_t **Keys);

/// Statistics for reports.
uint64_t steps();
bool exact();           // false once a thread ran outside the scheduler's view
bool diverged();        // replay: the program took another path
/// Why the run is not exactly replayable (the first such note: a thread
/// blocked outside the scheduler's view, or the divergence), or null.
const char *inexactReason();
const char *modeName(Mode M);

} // namespace ravel::rt::sched

#endif
