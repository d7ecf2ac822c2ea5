package space.telemetry.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Java agent for the service JVMs: exits when stdin, a pipe from the pipeline, ends (the pipeline died). */
public final class ParentWatchdog {
    private ParentWatchdog() {
    }

    /** Agent entry point ({@code -javaagent:watchdog.jar}). */
    public static void premain(String args) {
        Thread watch = new Thread(ParentWatchdog::exitWhenStdinEnds, "parent-watchdog");
        watch.setDaemon(true);
        watch.start();
    }

    private static void exitWhenStdinEnds() {
        try {
            while (System.in.read() != -1) {
                // nothing is ever written: only the end of the stream matters
            }
        } catch (IOException e) {
            // the pipe is broken: the parent is gone as well
        }
        System.err.println("parent-watchdog: the pipeline that started this JVM is gone, exiting");
        System.exit(143);
    }

    /** Writes the agent jar (this class and a manifest naming it) to {@code file}; returns the file. */
    static Path writeJar(Path file) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatchdog.class.getName());
        String entry = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        try (InputStream bytes = ParentWatchdog.class.getClassLoader().getResourceAsStream(entry)) {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file);
                    JarOutputStream jar = new JarOutputStream(out, manifest)) {
                jar.putNextEntry(new JarEntry(entry));
                bytes.transferTo(jar);
                jar.closeEntry();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the watchdog agent " + file, e);
        }
    }
}
