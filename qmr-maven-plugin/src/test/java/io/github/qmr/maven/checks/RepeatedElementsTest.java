package io.github.qmr.maven.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatedElementsTest {
    @Test
    void aSweepParameterGivenTwiceIsRefusedWithBothTextsAndTheFix() {
        assertEquals("<sweep> gives <seed> 2 times ('1..8', '9..16'); Maven would keep only the last. Give one <seed>"
                + " with every value, e.g. <seed>1..8,9..16</seed>", RepeatedElements.problem("sweep",
                        List.of(Map.entry("n", "10"), Map.entry("seed", "1..8"), Map.entry("seed", " 9..16 "))));
    }

    @Test
    void distinctNamesPass() {
        assertNull(RepeatedElements.problem("sweep", List.of(Map.entry("n", "10"), Map.entry("seed", "1..8"))));
    }
}
