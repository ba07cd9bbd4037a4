import CSystem

/// Gives memory that was freed back to the kernel.
enum FreeMemory {
    /// Returns the free pages of every malloc arena to the kernel. A large build (the cooperation network)
    /// frees most of what it allocated, but malloc keeps freed pages for reuse, so without this they stay
    /// in the process's resident memory until something else happens to need them.
    static func returnToKernel() {
        _ = malloc_trim(0)
    }
}
