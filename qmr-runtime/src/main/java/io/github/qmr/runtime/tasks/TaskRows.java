package io.github.qmr.runtime.tasks;

import io.github.qmr.runtime.params.Params;
import java.util.AbstractList;
import java.util.Arrays;

/** What the tasks file readers share: rows found by a checking pass and parsed again on access. */
final class TaskRows {
    private TaskRows() {}

    /**
     * The tasks of a file as a list made on access: each {@code get} parses its row again from where the checking
     * pass found it, so a file of millions of rows costs its text and one int per row, not a {@code Params} each.
     */
    abstract static class Rows extends AbstractList<Params> {
        private final IntList starts;

        Rows(IntList starts) {
            this.starts = starts;
        }

        abstract Params parse(int start);

        @Override
        public Params get(int index) {
            try {
                return parse(starts.get(index));
            } catch (TasksException e) {
                throw new IllegalStateException("a row that was checked cannot be read again: " + e.getMessage(), e);
            }
        }

        @Override
        public int size() {
            return starts.size();
        }
    }

    /** A growable list of ints without boxing. */
    static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return values[index];
        }

        int size() {
            return size;
        }
    }
}
