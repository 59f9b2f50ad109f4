package csvpipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
)

// The rules of dev.go4j.examples.csv.CsvPipelineTest, in Go.

func TestGoodAndRejectedRowsLandInTheirFilesExactlyAndInOrder(t *testing.T) {
	var in bytes.Buffer
	w := csv.NewWriter(&in)
	w.UseCRLF = true
	w.Write(Header)
	for i := 1; i <= 2000; i++ {
		w.Write(Row(i))
	}
	w.Flush()
	var good, rejected bytes.Buffer
	ng, nr, err := Run(context.Background(), &in, &good, &rejected, 4)
	if err != nil || ng != 1800 || nr != 200 {
		t.Fatal(ng, nr, err)
	}
	var wantGood, wantRejected strings.Builder
	wantGood.WriteString("id,name,email,amount\r\n")
	wantRejected.WriteString("line,reason,record\r\n")
	for i := 1; i <= 2000; i++ {
		if i%10 != 0 {
			fmt.Fprintf(&wantGood, "%d,User %d,user%d@example.com,%d.50\r\n", i, i, i, i%1000)
			continue
		}
		var r string
		switch i / 10 % 5 {
		case 0:
			r = fmt.Sprintf("id is not a number,x%d,User %d,u%d@example.com,1", i, i, i)
		case 1:
			r = fmt.Sprintf("name is empty,%d,\" \",u%d@example.com,1", i, i) // encoding/csv quotes a leading space; FastCSV does not
		case 2:
			r = fmt.Sprintf("email is not an address,%d,User %d,nobody,1", i, i)
		case 3:
			r = fmt.Sprintf("amount is negative,%d,User %d,u%d@example.com,-%d", i, i, i, i)
		default:
			r = fmt.Sprintf("\"expected 4 fields, got 2\",%d,User %d", i, i)
		}
		fmt.Fprintf(&wantRejected, "%d,%s\r\n", i+1, r)
	}
	if good.String() != wantGood.String() {
		t.Fatal("good output differs")
	}
	if rejected.String() != wantRejected.String() {
		t.Fatalf("rejected output differs:\n%s", rejected.String()[:400])
	}
}

func TestAReadErrorMidStreamIsReturnedOnce(t *testing.T) {
	in := strings.NewReader("id,name,email,amount\r\n1,a,a@b.c,1\r\n2,\"broken\"quote,b@c.d,1\r\n")
	var good, rejected bytes.Buffer
	if _, _, err := Run(context.Background(), in, &good, &rejected, 2); err == nil {
		t.Fatal("no error for a broken quote")
	}
}
