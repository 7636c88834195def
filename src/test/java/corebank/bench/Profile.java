package corebank.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the engine's CPU goes, from a JFR recording of the benchmark: samples by component
 * (the first frame that is not the JDK's own decides, so a HashMap lookup inside jOOQ counts as
 * jOOQ), the hottest methods, and the engine's own methods by inclusive share.
 */
final class Profile {

    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("org.postgresql.", "JDBC driver (PostgreSQL wire protocol)");
        COMPONENTS.put("com.zaxxer.hikari.", "connection pool");
        COMPONENTS.put("org.jooq.", "jOOQ (SQL rendering, binding, mapping)");
        COMPONENTS.put("io.netty.", "Netty (HTTP codec, sockets, buffers)");
        COMPONENTS.put("com.fasterxml.jackson.", "JSON");
        COMPONENTS.put("io.micronaut.serde.", "JSON");
        COMPONENTS.put("io.micronaut.json.", "JSON");
        COMPONENTS.put("com.nimbusds.", "security (JWT parse, HMAC)");
        COMPONENTS.put("io.micronaut.security.", "security (JWT parse, HMAC)");
        COMPONENTS.put("io.micrometer.", "metrics");
        COMPONENTS.put("ch.qos.logback.", "logging");
        COMPONENTS.put("org.slf4j.", "logging");
        COMPONENTS.put("io.micronaut.", "Micronaut (routing, filters, binding, executors)");
        COMPONENTS.put("reactor.", "Micronaut (routing, filters, binding, executors)");
        COMPONENTS.put("org.bouncycastle.", "BouncyCastle (audit signing)");
        COMPONENTS.put("corebank.", "Corebank's own code");
    }

    private Profile() {
    }

    /**
     * A JFR configuration with the execution sampler and the GC/CPU summaries only (its
     * overhead was not measured; the profiled runs fell within the spread of the others).
     * Starting JFR in a running engine throws away its compiled code: C2 then spent
     * ten seconds of every ten-second run recompiling, halving the throughput being measured.
     * So the engine starts with JFR on, and the benchmark opens a second recording around the
     * measured runs.
     */
    static Path samplingOnly(Path dir) throws IOException {
        StringBuilder jfc = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n");
        jfc.append("<event name=\"jdk.ExecutionSample\"><setting name=\"enabled\">true</setting><setting name=\"period\">10 ms</setting></event>\n");
        for (String periodic : List.of("jdk.CPULoad", "jdk.ThreadCPULoad", "jdk.GCHeapSummary")) {
            jfc.append("<event name=\"").append(periodic).append("\"><setting name=\"enabled\">true</setting><setting name=\"period\">1 s</setting></event>\n");
        }
        for (String gc : List.of("jdk.GarbageCollection", "jdk.Compilation")) {
            jfc.append("<event name=\"").append(gc).append("\"><setting name=\"enabled\">true</setting><setting name=\"threshold\">0 ms</setting></event>\n");
        }
        Path file = dir.resolve("sampling.jfc");
        Files.writeString(file, jfc.append("</configuration>\n"));
        return file;
    }

    static void summarize(Path recording, Path out) throws IOException {
        if (!Files.exists(recording)) {
            System.out.println("no profile recorded at " + recording);
            return;
        }
        Map<String, Integer> byComponent = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        Map<String, Integer> corebankInclusive = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            selfMethods.merge(name(frames.get(0)), 1, Integer::sum);
            String component = "JDK only (threads idle-spinning, GC helpers, crypto, I/O)";
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                String c = componentOf(type);
                if (c != null) {
                    component = c;
                    break;
                }
            }
            byComponent.merge(component, 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("corebank.") && seen.add(name(f))) {
                    corebankInclusive.merge(name(f), 1, Integer::sum);
                }
            }
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Engine CPU profile (JFR execution samples: %,d)%n%nBy component (first non-JDK frame):%n", total));
        append(text, byComponent, total, 20);
        text.append("\nHottest methods (self):\n");
        append(text, selfMethods, total, 25);
        text.append("\nCorebank methods (inclusive: on the stack):\n");
        append(text, corebankInclusive, total, 30);
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        // kept for a closer look: jfr print --events jdk.ExecutionSample bench-results/engine.jfr
        Files.copy(recording, out.resolveSibling("engine.jfr"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println();
        System.out.print(text);
        System.out.println("wrote " + out);
    }

    private static String componentOf(String type) {
        for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
            if (type.startsWith(c.getKey())) {
                return c.getValue();
            }
        }
        return null;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void append(StringBuilder text, Map<String, Integer> counts, int total, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> text.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey())));
    }
}
