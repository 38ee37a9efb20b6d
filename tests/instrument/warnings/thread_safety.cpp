// leveldb-style -Wthread-safety annotations: an annotated Mutex, a scoped
// lock, GUARDED_BY/PT_GUARDED_BY fields reached through pointers the
// rewrite wraps, lock calls through `mu->Lock()`, the older attribute
// spellings and REQUIRES. Builds with -Werror -Wthread-safety plain and with
// ravel-c++ (run-warnings.py --werror).
#define CAPABILITY(x) __attribute__((capability(x)))
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define PT_GUARDED_BY(x) __attribute__((pt_guarded_by(x)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))
#define EXCLUSIVE_LOCK_FUNCTION(...) __attribute__((exclusive_lock_function(__VA_ARGS__)))
#define UNLOCK_FUNCTION(...) __attribute__((unlock_function(__VA_ARGS__)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#include <pthread.h>

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE() { pthread_mutex_lock(&mu_); }
  void Unlock() RELEASE() { pthread_mutex_unlock(&mu_); }
  bool TryLock() TRY_ACQUIRE(true) { return pthread_mutex_trylock(&mu_) == 0; }
  void AssertHeld() ASSERT_CAPABILITY(this) {}
private:
  pthread_mutex_t mu_ = PTHREAD_MUTEX_INITIALIZER;
};

class SCOPED_CAPABILITY MutexLock {
public:
  explicit MutexLock(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() RELEASE() { mu_->Unlock(); }
private:
  Mutex *const mu_;
};

void OldLock(Mutex *m) EXCLUSIVE_LOCK_FUNCTION(m);
void OldUnlock(Mutex *m) UNLOCK_FUNCTION(m);
void OldLock(Mutex *m) { m->Lock(); }
void OldUnlock(Mutex *m) { m->Unlock(); }

struct State {
  Mutex *mu;
  int count GUARDED_BY(mu) = 0;
  int *data PT_GUARDED_BY(mu) = nullptr;
};

State *g_state;
Mutex g_mu;
int g_total GUARDED_BY(g_mu);

void Bump(State *state) {
  state->mu->Lock();
  state->count++;
  *state->data = state->count;
  state->mu->Unlock();
}

void BumpGlobal() {
  g_state->mu->Lock();
  g_state->count += 1;
  g_state->mu->Unlock();
  OldLock(g_state->mu);
  g_state->count = 2;
  OldUnlock(g_state->mu);
  if (g_state->mu->TryLock()) {
    g_state->count = 3;
    g_state->mu->Unlock();
  }
  MutexLock l(&g_mu);
  g_total++;
}

void AddLocked(State *s, int n) REQUIRES(s->mu) { s->count += n; }

void CallLocked() {
  MutexLock l(g_state->mu);
  AddLocked(g_state, 1);
}

class Table {
public:
  void Insert(int v) {
    MutexLock l(&mu_);
    size_ += v;
    last_ = v;
  }
  int Size() {
    mu_.Lock();
    int s = size_;
    mu_.Unlock();
    return s;
  }
private:
  Mutex mu_;
  int size_ GUARDED_BY(mu_) = 0;
  int last_ GUARDED_BY(mu_) = 0;
};

Table *g_table;
int Use() { g_table->Insert(1); return g_table->Size(); }
