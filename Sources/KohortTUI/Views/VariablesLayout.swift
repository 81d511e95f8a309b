/// Where the Variables pane's parts go for a given terminal size. Shared by `update` (which
/// needs the number of table rows to page and scroll) and `view`.
struct VariablesLayout {
    let width: Int
    let height: Int

    var searchRow: Int { 1 }
    var filterRow: Int { 2 }
    var headerRow: Int { 3 }
    var firstTableRow: Int { 4 }
    /// Two lines above the key-hint bar preview the selected variable's description.
    var previewRow: Int { height - 3 }
    var tableRows: Int { max(0, previewRow - firstTableRow) }

    /// Column widths: the label takes what the fixed columns leave.
    var releasableWidth: Int { 10 }
    var validFromWidth: Int { 10 }
    var technicalWidth: Int { min(24, max(14, width / 5)) }
    /// On wide terminals a data-product column tells same-named variables of different
    /// registers apart ("Antall undersøkte lymfeknuter" exists in several).
    var productWidth: Int { width >= 120 ? min(44, width / 4) : 0 }
    var labelWidth: Int { max(10, width - 2 - releasableWidth - validFromWidth - technicalWidth - 6 - (productWidth > 0 ? productWidth + 2 : 0)) }
    var productX: Int { 1 + labelWidth + 2 }
    var releasableX: Int { productWidth > 0 ? productX + productWidth + 2 : 1 + labelWidth + 2 }
    var validFromX: Int { releasableX + releasableWidth + 2 }
    var technicalX: Int { validFromX + validFromWidth + 2 }
}
