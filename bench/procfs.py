"""Readings of another process from Linux /proc, for the benchmark drivers (scalebench, bigrun).

Each returns None when the process is gone or the file cannot be read.
"""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def status_number(pid, key):
    """The first number of a /proc/PID/status line ("VmRSS:  1234 kB" -> 1234)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def rss_bytes(pid):
    kb = status_number(pid, "VmRSS")
    return None if kb is None else kb * 1024


def threads(pid):
    return status_number(pid, "Threads")


def cpu_seconds(pid):
    """utime + stime of the process (all its threads), from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            text = stat.read()
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        fields = text[text.rfind(")") + 2:].split()
        # proc(5): utime is field 14, stime field 15; fields[0] here is field 3 (state).
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, ValueError, IndexError):
        return None


def open_descriptors(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
