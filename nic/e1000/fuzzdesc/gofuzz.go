//go:build gofuzz

package fuzzdesc

// Fuzz is the go-fuzz entry point of the descriptor target. This package
// imports only sim and the device model, so a stock go-fuzz-build builds it:
//
//	go-fuzz-build -o fuzz-desc.zip ./nic/e1000/fuzzdesc
//	go-fuzz -bin fuzz-desc.zip -workdir nic/e1000/fuzzdesc/workdir
func Fuzz(data []byte) int {
	if err := Descriptors(data); err != nil {
		panic(err)
	}
	return 0
}
