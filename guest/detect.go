package guest

import "fmt"

// DetectKernel asks every registered kernel whether a driver's C source is
// written for it and returns the one that says so, with its reason. An
// error says that no kernel recognises the source, or that several do.
func DetectKernel(src []byte) (*KernelModel, string, error) {
	var (
		found *KernelModel
		why   string
	)
	for _, k := range Kernels() {
		if k.Detect == nil {
			continue
		}
		w, ok := k.Detect(src)
		if !ok {
			continue
		}
		if found != nil {
			return nil, "", fmt.Errorf("the source looks like both %s (%s) and %s (%s)", found.Name, why, k.Name, w)
		}
		found, why = k, w
	}
	if found == nil {
		return nil, "", fmt.Errorf("no kernel recognises the source (known: %v)", kernelNames())
	}
	return found, why, nil
}
