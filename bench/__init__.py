"""Benchmarks for wgbot, and the realistic inputs they run on."""
