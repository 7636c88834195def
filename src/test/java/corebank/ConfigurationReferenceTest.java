package corebank;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference (docs/operations.md) against what the engine really binds.
 *
 * <p>The rule: every {@code corebank.*} default is written once, in {@code application.yml};
 * settings records and {@code @Scheduled} annotations carry none. So: every {@code corebank.*}
 * value in {@code application.yml} is a row of the document's property tables (or, when it comes
 * from an environment variable, a row of the variable table); every property row states the
 * value an engine started without overrides has, and that its settings record binds; every
 * component of every settings record is documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigurationReferenceTest {

    static final Path DOCUMENT = Path.of("docs/operations.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(COREBANK_[A-Z0-9_]+):([^}]*)}");
    private static final Pattern FIRST_CODE = Pattern.compile("`([^`]*)`");

    private ApplicationContext engine;
    private Map<String, String> documentedProperties;
    private Map<String, String> documentedVariables;
    private Map<String, Object> applicationYml;

    @BeforeAll
    void load() throws IOException {
        // The shipped defaults only: no "test" environment (application-test.yml), no overrides.
        // Settings need no database, so the datasource (and Liquibase behind it) stays off.
        engine = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("datasources.default.enabled", false, "liquibase.enabled", false))
                .start();
        String document = Files.readString(DOCUMENT);
        documentedProperties = table(document, "| property | default | meaning |", true);
        documentedVariables = table(document, "| variable | default | meaning |", false);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.yml")) {
            applicationYml = flatten("", new Yaml().load(in));
        }
    }

    @AfterAll
    void close() {
        engine.close();
    }

    @Test
    void theEngineStartsWithoutOverridesInTheShippedEnvironment() {
        assertThat(engine.getEnvironment().getActiveNames()).doesNotContain("test");
        assertThat(documentedProperties).as("property rows in " + DOCUMENT).hasSizeGreaterThan(30);
        assertThat(documentedVariables).as("variable rows in " + DOCUMENT).hasSizeGreaterThan(15);
    }

    @Test
    void everyCorebankValueOfApplicationYmlIsDocumented() {
        List<String> missing = new ArrayList<>();
        applicationYml.forEach((property, value) -> {
            if (!property.startsWith("corebank.")) {
                return;
            }
            Matcher fromEnvironment = PLACEHOLDER.matcher(String.valueOf(value));
            if (fromEnvironment.find()) {
                if (!documentedVariables.containsKey(fromEnvironment.group(1))) {
                    missing.add(fromEnvironment.group(1) + " (for " + property + ")");
                }
            } else if (!documentedProperties.containsKey(property)) {
                missing.add(property);
            } else if (!documentedProperties.get(property).equals(String.valueOf(value))) {
                missing.add(property + ": application.yml says " + value + ", the document " + documentedProperties.get(property));
            }
        });
        assertThat(missing).as("corebank.* values of application.yml that " + DOCUMENT + " does not state").isEmpty();
    }

    @Test
    void everyEnvironmentVariableOfApplicationYmlIsDocumentedWithItsDefault() {
        List<String> wrong = new ArrayList<>();
        applicationYml.forEach((property, value) -> {
            Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
            while (m.find()) {
                String variable = m.group(1);
                String fallback = m.group(2).replace("`", "");
                if (!documentedVariables.containsKey(variable)) {
                    wrong.add(variable + " (for " + property + ") is not documented");
                } else if (!fallback.isEmpty() && !documentedVariables.get(variable).contains("`" + fallback + "`")) {
                    wrong.add(variable + ": application.yml falls back to " + fallback + ", the document says "
                            + documentedVariables.get(variable));
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyDocumentedPropertyIsTheEffectiveDefault() {
        List<String> wrong = new ArrayList<>();
        documentedProperties.forEach((property, documented) -> {
            String effective = engine.getEnvironment().getProperty(property, String.class).orElse("(not set)");
            if (!effective.equals(documented)) {
                wrong.add(property + ": the document says " + documented + ", the engine runs with " + effective);
            }
        });
        assertThat(wrong).as("rows of " + DOCUMENT + " that an engine without overrides contradicts").isEmpty();
    }

    @Test
    void everySettingsRecordComponentIsDocumentedAndBoundToTheDocumentedDefault() {
        List<BeanDefinition<?>> settings = corebankSettings();
        assertThat(settings).extracting(d -> d.getBeanType().getSimpleName())
                .contains("LedgerSettings", "PaymentsSettings", "IdentitySettings", "LoginSettings", "TransactionSettings");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (BeanDefinition<?> definition : settings) {
            Class<?> type = definition.getBeanType();
            String prefix = definition.stringValue(ConfigurationReader.class, "prefix").orElseThrow();
            Object instance = engine.getBean(type);
            for (RecordComponent component : type.getRecordComponents()) {
                String property = prefix + "." + NameUtils.hyphenate(component.getName());
                Object bound = read(component, instance);
                String documented = documentedProperties.get(property);
                if (documented == null) {
                    wrong.add(property + " (" + type.getSimpleName() + "." + component.getName() + ") is not in the document");
                } else if (!engine.getConversionService().convertRequired(documented, component.getType()).equals(bound)) {
                    wrong.add(property + ": the document says " + documented + ", " + type.getSimpleName() + " binds " + bound);
                }
                checked++;
            }
        }
        assertThat(wrong).as("settings record components against " + DOCUMENT).isEmpty();
        assertThat(checked).isGreaterThan(30);
    }

    private List<BeanDefinition<?>> corebankSettings() {
        List<BeanDefinition<?>> found = new ArrayList<>();
        for (BeanDefinition<?> d : engine.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationProperties.class))) {
            if (d.getBeanType().getName().startsWith("corebank.") && d.getBeanType().isRecord()) {
                found.add(d);
            }
        }
        return found;
    }

    private static Object read(RecordComponent component, Object instance) {
        try {
            return component.getAccessor().invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows of every table with this header: the first cell's code span -> the default cell's
     * first code span ({@code firstCodeOnly}) or the whole default cell.
     */
    static Map<String, String> table(String markdown, String header, boolean firstCodeOnly) {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith(header)) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                Matcher name = FIRST_CODE.matcher(cells[1]);
                Matcher value = FIRST_CODE.matcher(cells[2]);
                if (name.find()) {
                    String text = firstCodeOnly && value.find() ? value.group(1) : cells[2].trim();
                    String previous = rows.put(name.group(1), text);
                    assertThat(previous).as(name.group(1) + " is documented twice").isNull();
                }
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(String prefix, Map<String, Object> yaml) {
        Map<String, Object> flat = new TreeMap<>();
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flat.putAll(flatten(name, (Map<String, Object>) nested));
            } else {
                flat.put(name, value);
            }
        });
        return flat;
    }
}
