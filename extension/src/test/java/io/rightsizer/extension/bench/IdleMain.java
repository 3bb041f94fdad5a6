package io.rightsizer.extension.bench;

/** The floor: a JVM on the extension's runtime and flags that does nothing but wait. */
public final class IdleMain {

    private IdleMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
