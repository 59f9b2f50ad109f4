// Package csvpipeline is the Go twin of dev.go4j.examples.csv.CsvPipeline: reader -> workers ->
// writer with an errgroup, on encoding/csv. Good rows go to one CSV, rejected rows (line number and
// reason) to another, in input order, with bounded memory; the first I/O error cancels everything.
package csvpipeline

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math/big"
	"strconv"
	"strings"

	"go4j.dev/go/pipeline"
	"golang.org/x/sync/errgroup"
)

// Header is the header of the input and of the good output.
var Header = []string{"id", "name", "email", "amount"}

type row struct {
	line   int
	fields []string
}

type outcome struct {
	line   int
	fields []string
	reason string
}

// Run reads in, validates rows on workers goroutines and writes good and rejected rows.
func Run(ctx context.Context, in io.Reader, good, rejected io.Writer, workers int) (nGood, nRejected int, err error) {
	g, ctx := errgroup.WithContext(ctx)
	gw, rw := csv.NewWriter(good), csv.NewWriter(rejected)
	gw.UseCRLF, rw.UseCRLF = true, true
	defer gw.Flush() // partial output is flushed on failure or cancel
	defer rw.Flush()
	gw.Write(Header)
	rw.Write([]string{"line", "reason", "record"})
	rows := make(chan row)
	g.Go(func() error { // reader
		defer close(rows)
		r := csv.NewReader(in)
		r.FieldsPerRecord = -1 // the validator reports a bad field count, with its line
		for {
			fields, err := r.Read()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			line, _ := r.FieldPos(0)
			if line == 1 && strings.Join(fields, ",") == strings.Join(Header, ",") {
				continue
			}
			select {
			case rows <- row{line, fields}:
			case <-ctx.Done():
				return nil
			}
		}
	})
	outcomes := pipeline.MapOrdered(ctx, g, rows, workers, func(r row) (outcome, error) { return validate(r), nil })
	for o := range outcomes { // writer
		if o.reason == "" {
			gw.Write(o.fields)
			nGood++
		} else {
			rw.Write(append([]string{strconv.Itoa(o.line), o.reason}, o.fields...))
			nRejected++
		}
	}
	outside := ctx.Err()
	if err := g.Wait(); err != nil {
		return nGood, nRejected, err
	}
	return nGood, nRejected, outside
}

func validate(r row) outcome {
	f := r.fields
	bad := func(reason string) outcome { return outcome{r.line, f, reason} }
	if len(f) != len(Header) {
		return bad("expected " + strconv.Itoa(len(Header)) + " fields, got " + strconv.Itoa(len(f)))
	}
	id, name, email := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.ToLower(strings.TrimSpace(f[2]))
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return bad("id is not a number")
	}
	if n <= 0 {
		return bad("id must be positive")
	}
	if name == "" {
		return bad("name is empty")
	}
	if at := strings.IndexByte(email, '@'); at <= 0 || at == len(email)-1 {
		return bad("email is not an address")
	}
	amount, ok := new(big.Rat).SetString(strings.TrimSpace(f[3]))
	if !ok {
		return bad("amount is not a number")
	}
	if amount.Sign() < 0 {
		return bad("amount is negative")
	}
	return outcome{r.line, []string{id, name, email, amount.FloatString(2)}, ""}
}

// Row is row i of a generated input (every 10th row invalid), as CsvPipeline.row in Java.
func Row(i int) []string {
	s := strconv.Itoa(i)
	if i%10 != 0 {
		return []string{s, " User " + s, "User" + s + "@Example.COM", strconv.Itoa(i%1000) + ".5"}
	}
	switch i / 10 % 5 {
	case 0:
		return []string{"x" + s, "User " + s, "u" + s + "@example.com", "1"}
	case 1:
		return []string{s, " ", "u" + s + "@example.com", "1"}
	case 2:
		return []string{s, "User " + s, "nobody", "1"}
	case 3:
		return []string{s, "User " + s, "u" + s + "@example.com", "-" + s}
	default:
		return []string{s, "User " + s}
	}
}
