//go:build gofuzz

package device

// Fuzz is the go-fuzz entry point of the descriptor target. This package
// imports only sim and the device model, so a stock go-fuzz-build builds it:
//
//	go-fuzz-build -o fuzz-desc.zip ./fuzz/device
//	go-fuzz -bin fuzz-desc.zip -workdir fuzz/device/workdir
func Fuzz(data []byte) int {
	if err := Descriptors(data); err != nil {
		panic(err)
	}
	return 0
}
