package survey

import (
	"testing"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

// TestAdoptionsCompareWithTheShareOfPeers: a yes/no indicator is set beside
// the share of the band's firms that have it (never a 0%/100% median), and
// not at all while the band is too small to hide single firms.
func TestAdoptionsCompareWithTheShareOfPeers(t *testing.T) {
	reg, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def := reg.Latest()
	yes, no := decimal.Fixed2(10000), decimal.Fixed2(0)
	share := decimal.Fixed2(6154)
	own := map[string]*fixed{"MES普及率": &yes, "ERP普及率": &no}
	got := adoptions(def, own, peerGroups{bandRates: map[string]*fixed{"MES普及率": &share}, bandSubmitted: 13})
	byKey := map[string]Adoption{}
	for _, a := range got {
		if a.Key == "设备联网率" {
			t.Errorf("a ratio indicator listed as yes/no: %+v", a)
		}
		byKey[a.Key] = a
	}
	mes, erp, cloud := byKey["MES普及率"], byKey["ERP普及率"], byKey["上云率"]
	if mes.Name != "MES" || mes.Uses == nil || !*mes.Uses || mes.BandShare == nil || *mes.BandShare != share {
		t.Errorf("MES: %+v", mes)
	}
	if erp.Uses == nil || *erp.Uses || cloud.Name != "上云" || cloud.Uses != nil {
		t.Errorf("ERP %+v, 上云 %+v", erp, cloud)
	}
	small := adoptions(def, own, peerGroups{bandRates: map[string]*fixed{"MES普及率": &share}, bandSubmitted: 2})
	for _, a := range small {
		if a.BandShare != nil {
			t.Errorf("a band of 2 firms shows a share: %+v", a)
		}
	}
}
