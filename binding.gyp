{
  "targets": [
    {
      "target_name": "arena_trim",
      "sources": ["native/arena-trim.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
