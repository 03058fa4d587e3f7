package example;

import io.github.qmr.runtime.TaskFunction;
import io.github.qmr.runtime.params.Params;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * Which version of a library this JVM loaded: read from the Maven metadata inside the very jar its class came from
 * (the workers load staged jars named by their hash, so the file name says nothing).
 */
public class LoadedVersion implements TaskFunction<Params, String> {
    @Override
    public String apply(Params p) throws Exception {
        String library = p.getString("library");
        Class<?> type = switch (library) {
            case "commons-io" -> org.apache.commons.io.IOUtils.class;
            case "jackson-databind" -> com.fasterxml.jackson.databind.ObjectMapper.class;
            case "commons-csv" -> org.apache.commons.csv.CSVFormat.class;
            case "kryo" -> com.esotericsoftware.kryo.Kryo.class;
            default -> throw new IllegalArgumentException("no such library: " + library);
        };
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.stream()
                    .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                    .filter(e -> e.getName().contains("/" + library + "/"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no pom.properties of " + library
                            + " in " + jar));
            try (InputStream in = file.getInputStream(entry)) {
                Properties props = new Properties();
                props.load(in);
                return props.getProperty("version");
            }
        }
    }
}
