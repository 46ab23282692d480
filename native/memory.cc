// Hands memory back to the system that the server no longer uses, in two places glibc and V8
// keep it and node has no call for.
//
// trimThreadArenas: what glibc's malloc keeps at the top of libuv's threads' arenas.
// Each argon2 hash (19 MiB) is allocated and freed by the libuv thread that runs it, so it
// lands in that thread's malloc arena, and once glibc has raised its trim threshold (it does
// so after the first hash) the freed 19 MiB stays at the top of the arena, resident, after
// the sign-ins are over. malloc_trim() does not shrink a thread arena's top; a free() in
// that thread does, while the trim threshold is low. trimThreadArenas(threads, done) runs
// such a free() in each of `threads` libuv threads: it queues `threads` works that wait for
// one another (up to 100 ms), so that each runs in a thread of its own, lowers the trim
// threshold while they run, and then fixes it at 40 MiB (see TRIM_THRESHOLD_AT_REST), so that
// a burst of hashes keeps reusing its memory. done(trimmed) gets how many works ran.
//
// releaseStartupMemory: start-up's garbage. V8 compacts the old space and hands its free
// pages back only in a memory-reducing collection (its memory reducer runs one 10-20 s after
// start-up, once idle); LowMemoryNotification runs it now. Then malloc_trim(0) gives back
// what the main arena's top and every arena's free chunks hold (the modules' loading, the
// migrations): ~8 MiB of a just started server. About 60 ms, once, after it listens.
//
// notifyMemoryPressure: V8's moderate memory pressure, which starts an incremental,
// compacting full collection that hands the old space's free pages back (the memory
// reducer's kind of collection, without its wait). The server calls it when password hashes
// start after a quiet spell (src/lib/heap-during-hashes.ts): they hold 19 MiB each outside
// V8's heap, and the heap should not be carrying a workload's garbage beside them.
//
// trimWorkerArenas (below): the libuv trim's free() in each of V8's worker threads.
//
// Without glibc the module exports nothing. Besides Node-API it uses V8's C++ API (the
// isolate's LowMemoryNotification and MemoryPressureNotification, v8::Task and the
// platform's CallOnWorkerThread) and node.h's GetCurrentEnvironment and
// GetMultiIsolatePlatform, which Node-API's promise of a stable ABI does not cover: npm
// install builds it for the node it runs on.
#include <stdlib.h>
#include <memory>
#include <node.h>
#include <node_api.h>
#include <v8.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#define TRIM_THRESHOLD_WHILE_TRIMMING (128 * 1024)
// Once any trim has run glibc's thresholds are fixed (mallopt turns its dynamic rule off), so
// they are set to what that rule reaches for the largest chunks it keeps in an arena: an mmap
// threshold of 32 MiB (its maximum; argon2's 19 MiB come from the arenas, as after glibc's
// own first hash) and a trim threshold of 40 MiB (a free() trims an arena's top only above
// that: never after one hash, whose chunk is at most 32 MiB).
#define MMAP_THRESHOLD_AT_REST (32 * 1024 * 1024)
#define TRIM_THRESHOLD_AT_REST (40 * 1024 * 1024)
// Larger than glibc's fastbins and tcache, smaller than its lowest mmap threshold: a chunk
// of the arena whose free() merges it into the top and tries to trim the top.
#define PROBE_BYTES (96 * 1024)
#define WAIT_NANOSECONDS (100 * 1000 * 1000L)

// Trims in flight in the process (several hashers, or worker threads, may each run one):
// the threshold is lowered by the first and set back by the last.
static pthread_mutex_t in_flight_lock = PTHREAD_MUTEX_INITIALIZER;
static int in_flight = 0;

static void trim_started(void) {
  pthread_mutex_lock(&in_flight_lock);
  if (in_flight++ == 0) mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_WHILE_TRIMMING);
  pthread_mutex_unlock(&in_flight_lock);
}

static void trim_ended(void) {
  pthread_mutex_lock(&in_flight_lock);
  if (--in_flight == 0) {
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_AT_REST);
    mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_AT_REST);
  }
  pthread_mutex_unlock(&in_flight_lock);
}

// The works of one trim wait for one another, so that each runs in a thread of its own.
struct barrier_t {
  pthread_mutex_t lock;
  pthread_cond_t all_arrived;
  int threads;
  int arrived;
  int finished;
};

static void barrier_init(barrier_t *barrier, int threads) {
  barrier->threads = threads;
  pthread_mutex_init(&barrier->lock, NULL);
  pthread_condattr_t monotonic;
  pthread_condattr_init(&monotonic);
  pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
  pthread_cond_init(&barrier->all_arrived, &monotonic);
  pthread_condattr_destroy(&monotonic);
}

static void barrier_destroy(barrier_t *barrier) {
  pthread_cond_destroy(&barrier->all_arrived);
  pthread_mutex_destroy(&barrier->lock);
}

static void wait_for_the_others(barrier_t *barrier) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_nsec += WAIT_NANOSECONDS;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec += 1;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&barrier->lock);
  barrier->arrived++;
  if (barrier->arrived >= barrier->threads) pthread_cond_broadcast(&barrier->all_arrived);
  while (barrier->arrived < barrier->threads) {
    if (pthread_cond_timedwait(&barrier->all_arrived, &barrier->lock, &until) != 0) break;
  }
  pthread_mutex_unlock(&barrier->lock);
}

// A free() of a chunk that merges into its arena's top, in the thread that runs it: with the
// trim threshold low, glibc hands the top back (heap_trim), which malloc_trim() does not do
// for any arena but the main one.
static void free_a_probe(void) {
  void *probe = malloc(PROBE_BYTES);
  // The pointer escapes, so that no compiler drops the malloc/free pair as unused.
  __asm__ volatile("" : : "r"(probe) : "memory");
  free(probe);
}

struct trim_t {
  barrier_t barrier;
  napi_ref callback;
  napi_async_work *works;
};

static void execute(napi_env env, void *data) {
  (void)env;
  trim_t *trim = static_cast<trim_t *>(data);
  wait_for_the_others(&trim->barrier);
  free_a_probe();
}

static void destroy(napi_env env, trim_t *trim, int works) {
  for (int i = 0; i < works; i++) napi_delete_async_work(env, trim->works[i]);
  if (trim->callback != NULL) napi_delete_reference(env, trim->callback);
  barrier_destroy(&trim->barrier);
  free(trim->works);
  free(trim);
}

static void complete(napi_env env, napi_status status, void *data) {
  (void)status;
  trim_t *trim = static_cast<trim_t *>(data);
  if (++trim->barrier.finished < trim->barrier.threads) return;
  trim_ended();
  napi_value callback, global, ran;
  int threads = trim->barrier.threads;
  bool call = napi_get_reference_value(env, trim->callback, &callback) == napi_ok &&
              napi_get_global(env, &global) == napi_ok && napi_create_int32(env, threads, &ran) == napi_ok;
  destroy(env, trim, threads);
  if (call) napi_call_function(env, global, callback, 1, &ran, NULL);
}

static napi_value trim_thread_arenas(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2] = {NULL, NULL};
  int32_t threads = 0;
  napi_valuetype type;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_int32(env, argv[0], &threads) != napi_ok || threads < 1 || threads > 1024 ||
      napi_typeof(env, argv[1], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, NULL, "trimThreadArenas(threads: 1..1024, done: function)");
    return NULL;
  }
  trim_t *trim = static_cast<trim_t *>(calloc(1, sizeof(trim_t)));
  napi_async_work *works =
      trim == NULL ? NULL : static_cast<napi_async_work *>(calloc((size_t)threads, sizeof(napi_async_work)));
  if (works == NULL) {
    free(trim);
    napi_throw_error(env, NULL, "trimThreadArenas: out of memory");
    return NULL;
  }
  trim->works = works;
  barrier_init(&trim->barrier, threads);
  napi_value name;
  int created = 0;
  bool ready = napi_create_reference(env, argv[1], 1, &trim->callback) == napi_ok &&
               napi_create_string_utf8(env, "trimThreadArenas", NAPI_AUTO_LENGTH, &name) == napi_ok;
  while (ready && created < threads) {
    ready = napi_create_async_work(env, NULL, name, execute, complete, trim, &works[created]) == napi_ok;
    if (ready) created++;
  }
  if (!ready) {
    destroy(env, trim, created);
    napi_throw_error(env, NULL, "trimThreadArenas: could not queue its work");
    return NULL;
  }
  trim_started();
  int queued = 0;
  while (queued < threads && napi_queue_async_work(env, works[queued]) == napi_ok) queued++;
  if (queued < threads) {
    // Only the queued works run and complete: the barrier and the count are theirs.
    pthread_mutex_lock(&trim->barrier.lock);
    trim->barrier.threads = queued;
    pthread_cond_broadcast(&trim->barrier.all_arrived);
    pthread_mutex_unlock(&trim->barrier.lock);
    for (int i = queued; i < threads; i++) napi_delete_async_work(env, works[i]);
    if (queued == 0) {
      trim_ended();
      destroy(env, trim, 0);
      napi_throw_error(env, NULL, "trimThreadArenas: could not queue its work");
    }
  }
  return NULL;
}

// trimWorkerArenas: the same for V8's own worker threads (concurrent marking, compilation),
// whose arenas keep the top they grew to while compiling the server's hot code: ~15 MiB in
// four threads, free, for good. One task per worker thread, posted to V8's platform; the
// last to finish puts the thresholds back. Returns how many were posted. Node's platform
// counts its delayed-task scheduler among its threads (node_platform.cc), which runs no
// posted task: the workers are one fewer (--v8-pool-size, 4 by default). Were they more, the
// barrier's wait would end the trim 100 ms later, the tasks still each in some thread.
struct worker_trim_t {
  barrier_t barrier;
};

class WorkerTrimTask : public v8::Task {
 public:
  explicit WorkerTrimTask(worker_trim_t *trim) : trim_(trim) {}
  void Run() override {
    wait_for_the_others(&trim_->barrier);
    free_a_probe();
    pthread_mutex_lock(&trim_->barrier.lock);
    bool last = ++trim_->barrier.finished == trim_->barrier.threads;
    pthread_mutex_unlock(&trim_->barrier.lock);
    if (!last) return;
    trim_ended();
    barrier_destroy(&trim_->barrier);
    free(trim_);
  }

 private:
  worker_trim_t *trim_;
};

static napi_value trim_worker_arenas(napi_env env, napi_callback_info info) {
  (void)info;
  v8::Isolate *isolate = v8::Isolate::GetCurrent();
  node::Environment *environment = node::GetCurrentEnvironment(isolate->GetCurrentContext());
  node::MultiIsolatePlatform *platform = environment == NULL ? NULL : node::GetMultiIsolatePlatform(environment);
  int threads = platform == NULL ? 0 : platform->NumberOfWorkerThreads() - 1;
  worker_trim_t *trim = threads < 1 ? NULL : static_cast<worker_trim_t *>(calloc(1, sizeof(worker_trim_t)));
  napi_value posted;
  if (trim == NULL) {
    napi_create_int32(env, 0, &posted);
    return posted;
  }
  barrier_init(&trim->barrier, threads);
  trim_started();
  for (int i = 0; i < threads; i++) platform->CallOnWorkerThread(std::make_unique<WorkerTrimTask>(trim));
  napi_create_int32(env, threads, &posted);
  return posted;
}

// Trims under way in the process (for tests: every trim ends and puts the thresholds back).
static napi_value trims_in_flight(napi_env env, napi_callback_info info) {
  (void)info;
  pthread_mutex_lock(&in_flight_lock);
  int count = in_flight;
  pthread_mutex_unlock(&in_flight_lock);
  napi_value result;
  napi_create_int32(env, count, &result);
  return result;
}

static napi_value notify_memory_pressure(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  v8::Isolate::GetCurrent()->MemoryPressureNotification(v8::MemoryPressureLevel::kModerate);
  return NULL;
}

static napi_value release_startup_memory(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  v8::Isolate::GetCurrent()->LowMemoryNotification();
  malloc_trim(0);
  return NULL;
}
#endif  // __GLIBC__

NAPI_MODULE_INIT() {
#ifdef __GLIBC__
  napi_value fn;
  napi_create_function(env, "trimThreadArenas", NAPI_AUTO_LENGTH, trim_thread_arenas, NULL, &fn);
  napi_set_named_property(env, exports, "trimThreadArenas", fn);
  napi_create_function(env, "releaseStartupMemory", NAPI_AUTO_LENGTH, release_startup_memory, NULL, &fn);
  napi_set_named_property(env, exports, "releaseStartupMemory", fn);
  napi_create_function(env, "trimWorkerArenas", NAPI_AUTO_LENGTH, trim_worker_arenas, NULL, &fn);
  napi_set_named_property(env, exports, "trimWorkerArenas", fn);
  napi_create_function(env, "trimsInFlight", NAPI_AUTO_LENGTH, trims_in_flight, NULL, &fn);
  napi_set_named_property(env, exports, "trimsInFlight", fn);
  napi_create_function(env, "notifyMemoryPressure", NAPI_AUTO_LENGTH, notify_memory_pressure, NULL, &fn);
  napi_set_named_property(env, exports, "notifyMemoryPressure", fn);
#endif
  return exports;
}
