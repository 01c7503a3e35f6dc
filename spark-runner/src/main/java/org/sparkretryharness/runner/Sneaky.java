// Throws a checked exception (an injected java.io.IOException, say) from code whose signature
// cannot declare it, as Scala code does freely.
package org.sparkretryharness.runner;

final class Sneaky {
  private Sneaky() {}

  @SuppressWarnings("unchecked")
  static <T extends Throwable> T cast(Throwable t) throws T {
    throw (T) t;
  }
}
