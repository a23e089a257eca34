{
  "targets": [
    {
      "target_name": "mnist_lab_native",
      "sources": ["addon.c", "split_search.c", "forest_predict.c", "transpose.c", "linear_scores.c", "sparse_products.c"],
      "cflags": ["-O3", "-std=c11", "-ffp-contract=off"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-std=c11", "-ffp-contract=off"] }
    }
  ]
}
