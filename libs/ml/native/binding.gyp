{
  "targets": [
    {
      "target_name": "tree_kernels",
      "sources": ["tree_kernels.c"],
      "cflags": ["-O3", "-std=c11", "-ffp-contract=off"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=c11", "-ffp-contract=off"] }
    }
  ]
}
