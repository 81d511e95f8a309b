import Testing
@testable import KohortTUI
