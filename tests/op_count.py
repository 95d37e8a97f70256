"""Counted operations for bounded-cost tests: Python steps (calls and executed lines).

A cost that grows with the square of the input shows as a step count that quadruples when
the input doubles; nothing here reads a clock. C-level work (a regex, a copy) is not counted:
the code keeps such work linear by construction, and hang-guard tests cover it.
"""
import sys


def python_steps(fn, *args, **kwargs):
    """(steps, result) of ``fn(*args, **kwargs)``: function calls plus executed lines."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def on_call(frame, event, arg):
        nonlocal count
        count += 1
        return local

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        result = fn(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return count, result


def growth(build, fn, n: int):
    """Steps of ``fn(build(2n, "b"))`` divided by those of ``fn(build(n, "a"))``: about 2 for a
    linear cost, about 4 for a quadratic one. ``build`` gets a tag so the two inputs share
    nothing a cache could reuse."""
    small, _ = python_steps(fn, build(n, "a"))
    large, _ = python_steps(fn, build(2 * n, "b"))
    return large / small
