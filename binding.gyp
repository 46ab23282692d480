{
  "targets": [
    {
      "target_name": "memory",
      "sources": ["native/memory.cc"],
      "cflags_cc": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
