package io.github.qmr.runtime.queue.sge;

/**
 * Array task ids {@code first, first+step, ... <= last}, as qstat prints them: {@code 2-4:1}, or {@code 5} alone.
 */
public record TaskRange(int first, int last, int step) {
    public TaskRange {
        if (first < 1 || last < first || step < 1) {
            throw new IllegalArgumentException("not a task range: " + first + "-" + last + ":" + step);
        }
    }

    public boolean contains(int task) {
        return task >= first && task <= last && (task - first) % step == 0;
    }

    public int size() {
        return (last - first) / step + 1;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last + ":" + step;
    }
}
