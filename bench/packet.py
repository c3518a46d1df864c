"""Benchmark the debrief packet PDF: one loop, and a batch of 30; prints figures.

Run from the repository root: python bench/packet.py
The loop has 4 rounds x 2 interviewers, each scorecard with about 1,200 words of notes
(a long interview write-up), flags, a dismissed proposal and evidence on every rating.
Targets: a packet < 150 ms (median), a batch of 30 packets < 5 s.

Limits packets (issue 15 item 9): the same loop with every scorecard's notes at the size limit
(MAX_NOTES characters) in one script each -- Latin, Arabic, Hebrew, CJK and mixed scripts.
Target: each < 2 s. `python bench/packet.py limits` runs only these.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interviewkit.pdf import build_batch, build_packet  # noqa: E402
from interviewkit.pdf.fonts import register_fonts  # noqa: E402
from tests.pdf.helpers import reader  # noqa: E402
from tests.pdf.samples import long_note, make_debrief  # noqa: E402

PACKET_TARGET = 0.150
BATCH_TARGET = 5.0
NOTE_WORDS = 1200


def timed(build, runs: int) -> tuple[float, float, bytes]:
    """Return the median wall time, the median CPU time and the last result."""
    wall, cpu = [], []
    data = b""
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = build()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), data


def peak_memory(build) -> int:
    tracemalloc.start()
    build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


LIMITS_TARGET = 2.0
SCRIPTS = {
    "latin": "Serving latency and the monitoring of data pipelines matter to this team. ",
    "arabic": "تعلم الآلة نموذج التدريب البيانات الخدمة المراقبة وزمن الاستجابة. ",
    "hebrew": "למידת מכונה מודל אימון נתונים שירות ניטור והשהיה. ",
    "cjk": "模型服务的延迟和数据管道的监控都很重要。",
    "mixed": "Serving латентность 服务延迟 تعلم ranking модель 模型 الآلة שירות. ",
}


def limits() -> None:
    """Time one packet per script with every scorecard's notes at the size limit."""
    from interviewkit.domain.scorecard import MAX_NOTES

    register_fonts()
    print(f"limits packets: 4 rounds x 2 interviewers, notes of {MAX_NOTES:,} characters each "
          f"(the limit), target < {LIMITS_TARGET:.0f} s each")
    for name, sentence in SCRIPTS.items():
        paragraph = (sentence * (600 // len(sentence) + 1))[:600].rstrip() + "\n\n"
        notes = (paragraph * (MAX_NOTES // len(paragraph) + 1))[:MAX_NOTES]
        debrief = make_debrief(notes=notes, candidate=f"Limits {name}")
        wall, cpu, data = timed(lambda d=debrief: build_packet(d), 1)
        print(f"  {name:7} {wall:5.2f} s (CPU {cpu:.2f} s), {len(reader(data).pages)} pages, "
              f"{len(data) // 1024} KB  {'OK' if wall < LIMITS_TARGET else 'OVER'}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    start = time.perf_counter()
    register_fonts()
    print(f"font registration (once per process): {(time.perf_counter() - start) * 1000:.0f} ms")
    notes = long_note(NOTE_WORDS)
    debrief = make_debrief(notes=notes, candidate="Zoë Ångström-Nakamura 李明")
    batch = [make_debrief(loop_id=n, notes=notes, candidate=f"Candidate {n} Ångström")
             for n in range(30)]
    build_packet(debrief)  # warm caches (styles, glyph subsets)

    packet_time, packet_cpu, packet = timed(lambda: build_packet(debrief), 15)
    batch_time, batch_cpu, batch_pdf = timed(lambda: build_batch(batch), 3)
    short = make_debrief(notes=long_note(300), candidate="Zoë Ångström-Nakamura 李明")
    short_time, short_cpu, _ = timed(lambda: build_packet(short), 15)
    packet_peak = peak_memory(lambda: build_packet(debrief))
    batch_peak = peak_memory(lambda: build_batch(batch))

    pages = len(reader(packet).pages)
    batch_pages = len(reader(batch_pdf).pages)
    print(f"packet: 4 rounds x 2 interviewers, {NOTE_WORDS} words of notes each, {pages} pages, "
          f"{len(packet) // 1024} KB")
    print(f"  median {packet_time * 1000:.0f} ms (target < {PACKET_TARGET * 1000:.0f} ms) "
          f"{'OK' if packet_time < PACKET_TARGET else 'OVER'}; CPU {packet_cpu * 1000:.0f} ms; "
          f"peak memory {packet_peak / 2**20:.1f} MiB")
    print(f"  (with 300 words of notes each: median {short_time * 1000:.0f} ms, "
          f"CPU {short_cpu * 1000:.0f} ms)")
    print(f"batch: 30 packets, {batch_pages} pages, {len(batch_pdf) // 1024} KB")
    print(f"  median {batch_time:.2f} s (target < {BATCH_TARGET:.0f} s) "
          f"{'OK' if batch_time < BATCH_TARGET else 'OVER'}; CPU {batch_cpu:.2f} s; "
          f"peak memory {batch_peak / 2**20:.1f} MiB")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(other work on the machine inflates the wall times)")


if __name__ == "__main__":
    if sys.argv[1:] == ["limits"]:
        limits()
    else:
        main()
        limits()
