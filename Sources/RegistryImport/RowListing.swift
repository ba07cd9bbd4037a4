/// Where an import lists each row's outcome as the row is decided, rather than keeping every one in its report
/// (``ImportReport/rows``): a dry run lists as many rows as the file has, so a listing that keeps them all in memory
/// grows with the file. The command writes them to a temporary file, the HTTP import keeps the first thousand.
public protocol RowListing: AnyObject {
    /// A run over the files begins. What was listed before belongs to a run that was rolled back (with
    /// `skipInvalid`, the import runs again without rows that named records no file made) and is dropped.
    func restart() throws
    /// The outcome of a row of the import's file number `file` (from 0, in the order the files are read).
    func list(_ outcome: RowOutcome, file: Int) throws
}
