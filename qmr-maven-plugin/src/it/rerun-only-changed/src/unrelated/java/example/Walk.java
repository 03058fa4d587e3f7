package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** x * seed; every call is noted in target/calls.txt, so the IT counts the tasks that ran. */
public class Walk implements TaskFunction<Params, Long> {
    @Override
    public Long apply(Params p) throws IOException {
        Files.writeString(Path.of("target/calls.txt"), p + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return p.getLong("x") * p.getLong("seed");
    }
}
