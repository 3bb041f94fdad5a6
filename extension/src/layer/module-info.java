/** The Rightsizer Lambda extension, linked into the layer's own runtime image; it needs nothing beyond java.base. */
module io.rightsizer.extension {
}
