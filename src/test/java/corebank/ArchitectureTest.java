package corebank;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.micronaut.http.annotation.Controller;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package map of docs/architecture.md, enforced on the compiled main code: features depend
 * one way (edges -> features -> platform), HTTP edges never on each other, no cycle between
 * top-level packages, each feature's SQL class ({@code *Store}) used only inside its feature.
 * A subpackage belongs to its top-level package ({@code identity.mfa} is {@code identity}).
 *
 * <p>{@link #MAY_CALL} is the rule, written once: the layered-architecture rule is built from
 * it, and {@link #theArchitectureDocumentShowsTheEnforcedMap()} checks that the document's table
 * says the same. A new top-level package fails {@link #everyClassLivesInAMappedPackage} until it
 * is given its place here and in the document.
 */
@AnalyzeClasses(packages = "corebank", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Where the map is explained to readers. */
    static final Path DOCUMENT = Path.of("docs/architecture.md");

    /** The HTTP edges, one per audience (and the login every role shares). The web app's pages join them. */
    static final List<String> EDGES = List.of("customer", "teller", "auditor", "admin", "auth", "webapp");

    /** The features: business rules and the SQL of the tables each owns. */
    static final List<String> FEATURES = List.of("ledger", "payments", "identity", "audit", "approvals", "customers", "cash");

    /**
     * Top-level package -> the top-level packages it may depend on. {@code jooq} is jOOQ's
     * generated code (tables of every feature): features may use it, nothing above them.
     * {@code (root)} is {@code corebank} itself: {@link Application} starts the engine.
     */
    static final Map<String, List<String>> MAY_CALL = mayCall();

    private static Map<String, List<String>> mayCall() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("platform", List.of());
        map.put("jooq", List.of());
        map.put("audit", List.of("platform", "jooq"));
        map.put("ledger", List.of("audit", "platform", "jooq"));
        map.put("payments", List.of("ledger", "audit", "platform", "jooq"));
        map.put("identity", List.of("audit", "platform", "jooq"));
        map.put("approvals", List.of("ledger", "identity", "audit", "platform", "jooq"));
        map.put("customers", List.of("ledger", "identity", "audit", "platform", "jooq"));
        map.put("cash", List.of("ledger", "identity", "audit", "approvals", "platform", "jooq"));
        map.put("web", List.of("identity", "audit", "platform"));
        List<String> edgeCalls = new ArrayList<>(FEATURES);
        edgeCalls.addAll(List.of("web", "platform"));
        EDGES.forEach(edge -> map.put(edge, edgeCalls));
        // Seeds the demo bank and its people through the features' own APIs, like a client would.
        map.put("demo", List.of("ledger", "payments", "identity", "audit", "approvals", "customers", "cash", "platform"));
        map.put("(root)", List.of("platform"));
        return map;
    }

    private static String packageOf(String topLevel) {
        return topLevel.equals("(root)") ? "corebank" : "corebank." + topLevel + "..";
    }

    @ArchTest
    static final ArchRule dependenciesFollowThePackageMap = packageMap();

    private static ArchRule packageMap() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
        for (String layer : MAY_CALL.keySet()) {
            layers = layers.layer(layer).definedBy(packageOf(layer));
        }
        for (Map.Entry<String, List<String>> entry : MAY_CALL.entrySet()) {
            layers = entry.getValue().isEmpty()
                    ? layers.whereLayer(entry.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(entry.getKey()).mayOnlyAccessLayers(entry.getValue().toArray(String[]::new));
        }
        return layers.because("dependencies point one way, as the package map in " + DOCUMENT + " says (a subpackage belongs to its"
                + " top-level package; HTTP edges never call each other; move shared code down into a feature, web or platform)");
    }

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = slices().matching("corebank.(*)..").should().beFreeOfCycles()
            .because("a cycle between top-level packages means the map's arrows point both ways");

    @ArchTest
    static final ArchRule everyClassLivesInAMappedPackage = classes().should().resideInAnyPackage(
                    MAY_CALL.keySet().stream().map(ArchitectureTest::packageOf).toArray(String[]::new))
            .because("every top-level package has its place in the package map: add a new one to ArchitectureTest.MAY_CALL"
                    + " and to " + DOCUMENT);

    @ArchTest
    static final ArchRule storesStayInsideTheirFeature = classes().that().haveSimpleNameEndingWith("Store")
            .should(beUsedOnlyInsideTheirTopLevelPackage())
            .because("SQL lives next to the feature that owns the table; other packages call the feature's API");

    @ArchTest
    static final ArchRule controllersLiveInTheEdges = classes().that().areAnnotatedWith(Controller.class)
            .should().resideInAnyPackage(EDGES.stream().map(ArchitectureTest::packageOf).toArray(String[]::new))
            .because("the HTTP edges hold the controllers; features and web hold none");

    private static ArchCondition<JavaClass> beUsedOnlyInsideTheirTopLevelPackage() {
        return new ArchCondition<>("be used only inside their own top-level package") {
            @Override
            public void check(JavaClass store, ConditionEvents events) {
                String home = topLevel(store);
                for (Dependency dependency : store.getDirectDependenciesToSelf()) {
                    JavaClass user = dependency.getOriginClass();
                    if (!topLevel(user).equals(home)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                + ": " + store.getSimpleName() + " belongs to " + home));
                    }
                }
            }
        };
    }

    /** {@code corebank.identity.mfa.SecondFactor} -> {@code identity}; {@code corebank.Application} -> {@code (root)}. */
    static String topLevel(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals("corebank")) {
            return "(root)";
        }
        String rest = name.startsWith("corebank.") ? name.substring("corebank.".length()) : name;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /**
     * The document's package table (first column: packages, last: what they may call) states
     * {@link #MAY_CALL} for every package that has code, so the explanation and the rule agree.
     */
    @Test
    void theArchitectureDocumentShowsTheEnforcedMap() throws IOException {
        Map<String, Set<String>> documented = documentedMap(Files.readString(DOCUMENT));
        Map<String, Set<String>> enforced = new TreeMap<>();
        MAY_CALL.forEach((pkg, calls) -> {
            if (!pkg.equals("(root)")) {
                enforced.put(pkg, new TreeSet<>(calls));
            }
        });
        Set<String> packages = new TreeSet<>(documented.keySet());
        packages.addAll(enforced.keySet());
        List<String> differences = new ArrayList<>();
        for (String pkg : packages) {
            if (!java.util.Objects.equals(documented.get(pkg), enforced.get(pkg))) {
                differences.add(pkg + ": " + DOCUMENT + " says " + documented.get(pkg) + ", MAY_CALL says " + enforced.get(pkg));
            }
        }
        assertThat(differences).as("the package table of " + DOCUMENT + " against ArchitectureTest.MAY_CALL").isEmpty();
        assertThat(documented).hasSizeGreaterThan(10);
    }

    private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

    /** Rows of the form {@code | `a`, `b` | owns | `x`, `y` |}; "nothing" in the last column is no call. */
    static Map<String, Set<String>> documentedMap(String markdown) {
        Map<String, Set<String>> map = new TreeMap<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| package | owns | may call |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            Set<String> calls = names(cells[cells.length - 1]);
            for (String pkg : names(cells[1])) {
                map.put(pkg, calls);
            }
        }
        return map;
    }

    private static Set<String> names(String cell) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Keeps the import honest: the rules above ran over the engine's classes, not an empty set. */
    @ArchTest
    static void importsTheEngine(JavaClasses engine) {
        assertThat(engine.contain(Application.class)).isTrue();
        assertThat(engine.stream().map(ArchitectureTest::topLevel).distinct())
                .contains("ledger", "payments", "identity", "audit", "web", "platform", "teller");
    }
}
