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
// threshold while they run, and sets it back to 64 MiB (what glibc's own rule can reach)
// after, so that a burst of hashes keeps reusing its memory. done(trimmed) gets how many
// works ran.
//
// releaseStartupMemory: start-up's garbage. V8 compacts the old space and hands its free
// pages back only in a memory-reducing collection (its memory reducer runs one 10-20 s after
// start-up, once idle); LowMemoryNotification runs it now. Then malloc_trim(0) gives back
// what the main arena's top and every arena's free chunks hold (the modules' loading, the
// migrations): ~8 MiB of a just started server. About 60 ms, once, after it listens.
//
// Without glibc the module exports nothing. Besides Node-API it calls one method of V8's C++
// API, which Node-API's promise of a stable ABI does not cover: npm install builds it for
// the node it runs on.
#include <stdlib.h>
#include <node_api.h>
#include <v8.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#define TRIM_THRESHOLD_WHILE_TRIMMING (128 * 1024)
#define TRIM_THRESHOLD_AT_REST (64 * 1024 * 1024)
// Larger than glibc's fastbins and tcache, smaller than its lowest mmap threshold: a chunk
// of the arena whose free() merges it into the top and tries to trim the top.
#define PROBE_BYTES (96 * 1024)
#define WAIT_NANOSECONDS (100 * 1000 * 1000L)

struct trim_t {
  pthread_mutex_t lock;
  pthread_cond_t all_arrived;
  int threads;
  int arrived;
  int finished;
  napi_ref callback;
  napi_async_work *works;
};

static void wait_for_the_others(trim_t *trim) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += WAIT_NANOSECONDS;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec += 1;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&trim->lock);
  trim->arrived++;
  if (trim->arrived == trim->threads) pthread_cond_broadcast(&trim->all_arrived);
  while (trim->arrived < trim->threads) {
    if (pthread_cond_timedwait(&trim->all_arrived, &trim->lock, &until) != 0) break;
  }
  pthread_mutex_unlock(&trim->lock);
}

static void execute(napi_env env, void *data) {
  (void)env;
  trim_t *trim = static_cast<trim_t *>(data);
  wait_for_the_others(trim);
  void *probe = malloc(PROBE_BYTES);
  if (probe != NULL) {
    memset(probe, 0, 1);
    free(probe);
  }
}

static void complete(napi_env env, napi_status status, void *data) {
  (void)status;
  trim_t *trim = static_cast<trim_t *>(data);
  if (++trim->finished < trim->threads) return;
  mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_AT_REST);
  napi_value callback, global, ran;
  napi_get_reference_value(env, trim->callback, &callback);
  napi_get_global(env, &global);
  napi_create_int32(env, trim->threads, &ran);
  for (int i = 0; i < trim->threads; i++) napi_delete_async_work(env, trim->works[i]);
  napi_delete_reference(env, trim->callback);
  pthread_cond_destroy(&trim->all_arrived);
  pthread_mutex_destroy(&trim->lock);
  free(trim->works);
  free(trim);
  napi_call_function(env, global, callback, 1, &ran, NULL);
}

static napi_value trim_thread_arenas(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t threads = 0;
  napi_valuetype type;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int32(env, argv[0], &threads) != napi_ok || threads < 1 ||
      threads > 1024 || napi_typeof(env, argv[1], &type) != napi_ok || type != napi_function) {
    napi_throw_type_error(env, NULL, "trimThreadArenas(threads: 1..1024, done: function)");
    return NULL;
  }
  trim_t *trim = static_cast<trim_t *>(calloc(1, sizeof(trim_t)));
  napi_async_work *works =
      trim == NULL ? NULL : static_cast<napi_async_work *>(calloc((size_t)threads, sizeof(napi_async_work)));
  if (works == NULL) {
    free(trim);
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  trim->works = works;
  trim->threads = threads;
  pthread_mutex_init(&trim->lock, NULL);
  pthread_cond_init(&trim->all_arrived, NULL);
  napi_create_reference(env, argv[1], 1, &trim->callback);
  napi_value name;
  napi_create_string_utf8(env, "trimThreadArenas", NAPI_AUTO_LENGTH, &name);
  mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_WHILE_TRIMMING);
  for (int i = 0; i < threads; i++) {
    napi_create_async_work(env, NULL, name, execute, complete, trim, &works[i]);
  }
  for (int i = 0; i < threads; i++) napi_queue_async_work(env, works[i]);
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
#endif
  return exports;
}
