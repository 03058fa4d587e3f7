package example;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.params.Params;

/** Sums the results, and remembers the names in task order. */
public class Sum implements Reducer<Params, Long, String> {
    private long sum;
    private final StringBuilder names = new StringBuilder();

    @Override
    public void add(Params task, Long result) {
        sum += result;
        names.append(names.length() == 0 ? "" : "|").append(task.get("name"));
    }

    @Override
    public String result() {
        return "sum=" + sum + " names=" + names;
    }
}
