package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository (the surefire property {@code checkout.root}, else found from the working directory). */
public final class Repo {

    private static final Path ROOT = locate();

    private Repo() {
    }

    public static Path root() {
        return ROOT;
    }

    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    /** The path, or a failed test naming what is missing: a missing manifest is a failure, never a skip. */
    public static Path require(String relative, String writtenBy) {
        Path p = path(relative);
        if (!Files.exists(p)) {
            fail(relative + " does not exist (" + writtenBy + "); the deploy/verify checks of it cannot pass without it");
        }
        return p;
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    public static String relative(Path p) {
        return ROOT.relativize(p.toAbsolutePath().normalize()).toString();
    }

    private static Path locate() {
        String prop = System.getProperty("checkout.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "deploy"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("deploy/verify"))) {
                return p.normalize();
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (set -Dcheckout.root)");
    }
}
