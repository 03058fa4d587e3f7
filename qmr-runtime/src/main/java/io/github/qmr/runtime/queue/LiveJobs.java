package io.github.qmr.runtime.queue;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ids {@link CommandLineQueue} submitted and has not yet seen gone or deleted: what its {@code close()} deletes.
 * An array job deleted by its number takes its elements with it.
 */
final class LiveJobs {
    private final Flavour flavour;
    private final Set<String> ids = new LinkedHashSet<>();

    LiveJobs(Flavour flavour) {
        this.flavour = flavour;
    }

    void add(String id) {
        ids.add(id);
    }

    void addAll(Collection<String> more) {
        ids.addAll(more);
    }

    void remove(String id) {
        ids.remove(id);
    }

    void removeAll(Collection<String> gone) {
        ids.removeAll(gone);
    }

    /** The job numbers of every live id (an array job's once), and none live any more. */
    Set<String> takeNumbers() {
        Set<String> numbers = new LinkedHashSet<>();
        for (String id : ids) {
            numbers.add(flavour.parseId(id).number());
        }
        ids.clear();
        return numbers;
    }

    /** Stops tracking deleted ids, and the elements of a whole array deleted by its number. */
    void forget(List<String> ids, List<JobId> parsed, Set<String> notDeleted) {
        for (int i = 0; i < ids.size(); i++) {
            if (notDeleted.contains(ids.get(i))) {
                continue;
            }
            this.ids.remove(ids.get(i));
            JobId id = parsed.get(i);
            if (!id.isElement()) {
                this.ids.removeIf(l -> flavour.parseId(l).number().equals(id.number()));
            }
        }
    }
}
