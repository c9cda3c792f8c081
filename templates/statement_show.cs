<?cs def:content() ?>
<?cs if:Page.Print ?>
<p class="no-print"><a href="/statements/<?cs var:Statement.Number ?>">Back to the statement</a> · Use your browser's Print command to print it.</p>
<?cs else ?>
<p class="no-print"><a href="/accounts/<?cs var:Statement.Account ?>/statements">Statements of account <?cs var:Statement.Account ?></a> · <a href="/statements">All statements</a></p>
<?cs /if ?>
<?cs if:Flash.Issued ?>
<p class="notice no-print" role="status">Statement <?cs var:Statement.Number ?> was issued.<?cs if:Statement.Email ?> It is queued to go to <?cs var:Statement.Email ?>.<?cs else ?> The account has no statement address: it was not sent.<?cs /if ?></p>
<?cs /if ?>
<?cs if:Flash.Queued ?>
<p class="notice no-print" role="status">Statement <?cs var:Statement.Number ?> is queued to go to <?cs var:Statement.Email ?> again, the same as before.</p>
<?cs /if ?>
<article class="statement<?cs if:Page.Print ?> print-view<?cs /if ?>">
  <header>
    <p class="statement-store"><?cs var:Store.Name ?></p>
    <h1>Statement <?cs var:Statement.Number ?></h1>
  </header>
  <dl class="facts">
    <dt>Customer</dt><dd class="customer"><?cs var:Statement.CustomerCode ?> <?cs var:Statement.CustomerName ?></dd>
    <dt>Account</dt><dd class="account"><?cs var:Statement.Account ?></dd>
    <dt>Period</dt><dd class="period"><time datetime="<?cs var:Statement.PeriodStart ?>"><?cs var:Statement.PeriodStart ?></time> to <time datetime="<?cs var:Statement.PeriodEnd ?>"><?cs var:Statement.PeriodEnd ?></time></dd>
    <dt>Brought forward</dt><dd class="opening"><?cs var:Statement.Opening ?></dd>
    <dt>Charges</dt><dd class="debits"><?cs var:Statement.Debits ?></dd>
    <dt>Credits</dt><dd class="credits"><?cs var:Statement.Credits ?></dd>
    <dt>Closing balance</dt><dd class="closing"><?cs var:Statement.Closing ?></dd>
    <dt>Amount due</dt><dd class="amount-due"><strong><?cs var:Statement.AmountDue ?></strong><?cs if:!Statement.NothingDue ?> by <time datetime="<?cs var:Statement.DueOn ?>"><?cs var:Statement.DueOn ?></time><?cs /if ?></dd>
  </dl>
<?cs if:Store.Iban ?>
  <section class="statement-bank">
    <h2>Paying by bank transfer</h2>
    <dl class="facts">
      <dt>Account holder</dt><dd><?cs var:Store.BankHolder ?></dd>
      <dt>IBAN</dt><dd class="iban"><?cs var:Store.Iban ?></dd>
<?cs if:Store.Bic ?>
      <dt>BIC</dt><dd><?cs var:Store.Bic ?></dd>
<?cs /if ?>
<?cs if:Store.BankName ?>
      <dt>Bank</dt><dd><?cs var:Store.BankName ?></dd>
<?cs /if ?>
      <dt>Reference</dt><dd><?cs var:Statement.Number ?> <?cs var:Statement.Account ?></dd>
    </dl>
  </section>
<?cs /if ?>
  <h2>Transactions</h2>
<?cs if:subcount(Lines) == 0 ?>
  <p class="note">No transactions in this period.</p>
<?cs else ?>
  <table class="list statement-lines">
    <thead>
      <tr>
        <th scope="col">Date</th>
        <th scope="col">Entry</th>
        <th scope="col">Kind</th>
        <th scope="col">Reference</th>
        <th scope="col" class="num">Charge</th>
        <th scope="col" class="num">Credit</th>
        <th scope="col" class="num">Balance</th>
      </tr>
    </thead>
    <tbody>
      <tr class="brought-forward">
        <td colspan="6">Brought forward</td>
        <td class="num"><?cs var:Statement.Opening ?></td>
      </tr>
<?cs each:l = Lines ?>
      <tr>
        <td class="when"><?cs var:l.Date ?></td>
        <td><?cs var:l.Entry ?></td>
        <td><?cs var:l.Kind ?></td>
        <td><?cs var:l.Reference ?></td>
        <td class="num"><?cs var:l.Charge ?></td>
        <td class="num"><?cs var:l.Credit ?></td>
        <td class="num"><?cs var:l.Balance ?></td>
      </tr>
<?cs /each ?>
    </tbody>
    <tfoot>
      <tr>
        <th scope="row" colspan="6">Closing balance</th>
        <td class="num"><?cs var:Statement.Closing ?></td>
      </tr>
    </tfoot>
  </table>
<?cs /if ?>
<?cs if:subcount(Items) > 0 ?>
  <h2>Open sales</h2>
  <table class="list statement-items">
    <thead>
      <tr>
        <th scope="col">Date</th>
        <th scope="col">Entry</th>
        <th scope="col">Due</th>
        <th scope="col" class="num">Amount</th>
        <th scope="col" class="num">Still open</th>
        <th scope="col">Age</th>
      </tr>
    </thead>
    <tbody>
<?cs each:i = Items ?>
      <tr>
        <td class="when"><?cs var:i.Date ?></td>
        <td><?cs var:i.Entry ?></td>
        <td class="when"><?cs var:i.DueOn ?></td>
        <td class="num"><?cs var:i.Amount ?></td>
        <td class="num"><?cs var:i.Open ?></td>
        <td><?cs var:i.Age ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
<?cs /if ?>
  <h2>Ageing</h2>
  <table class="list statement-ageing">
    <thead>
      <tr>
        <th scope="col" class="num">Current</th>
        <th scope="col" class="num">1–30 days</th>
        <th scope="col" class="num">31–60 days</th>
        <th scope="col" class="num">61–90 days</th>
        <th scope="col" class="num">Over 90 days</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <td class="num"><?cs var:Ageing.Current ?></td>
        <td class="num"><?cs var:Ageing.Days1to30 ?></td>
        <td class="num"><?cs var:Ageing.Days31to60 ?></td>
        <td class="num"><?cs var:Ageing.Days61to90 ?></td>
        <td class="num"><?cs var:Ageing.Over90 ?></td>
      </tr>
    </tbody>
  </table>
</article>
<?cs if:!Page.Print ?>
<div class="actions">
  <a class="button" href="/statements/<?cs var:Statement.Number ?>?print=1">Print</a>
  <a href="<?cs var:Statement.Csv ?>">Download CSV</a>
</div>
<section class="delivery-log no-print">
  <h2>Delivery</h2>
<?cs if:!Statement.Email ?>
  <p><span class="badge warn">No address</span> The account had no statement address when this statement was issued: it was not sent.</p>
<?cs else ?>
  <p>Its address: <?cs var:Statement.Email ?>. Times are in <?cs var:Zone.Name ?>.</p>
<?cs /if ?>
<?cs if:subcount(Messages) == 0 ?>
  <p class="note">No message of this statement was queued.</p>
<?cs else ?>
  <ol class="messages">
<?cs each:m = Messages ?>
    <li>
      <p><span class="badge delivery-<?cs var:m.Status ?><?cs if:m.Warn ?> warn<?cs /if ?>"><?cs var:m.StatusLabel ?></span> to <?cs var:m.To ?>, queued <?cs var:m.Queued ?> by <?cs var:m.By ?><?cs if:m.Sent ?>, sent <?cs var:m.Sent ?><?cs /if ?><?cs if:m.Next ?>, next attempt <?cs var:m.Next ?><?cs /if ?>.</p>
<?cs if:subcount(m.Attempts) > 0 ?>
      <table class="list attempts">
        <thead>
          <tr><th scope="col">Attempt</th><th scope="col">Result</th><th scope="col">Error</th></tr>
        </thead>
        <tbody>
<?cs each:a = m.Attempts ?>
          <tr>
            <td class="when"><?cs var:a.Time ?></td>
            <td><?cs if:a.Ok ?>Handed over<?cs else ?><span class="badge warn">Error</span><?cs /if ?></td>
            <td><?cs var:a.Error ?></td>
          </tr>
<?cs /each ?>
        </tbody>
      </table>
<?cs /if ?>
    </li>
<?cs /each ?>
  </ol>
<?cs /if ?>
<?cs if:Can.Send ?>
  <form method="post" action="/statements/<?cs var:Statement.Number ?>/send" class="statement-send">
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <p class="hint">Sends the same statement again, exactly as it was issued.</p>
<?cs include:"approval.cs" ?>
<?cs if:Errors.send ?>
    <p class="field-error" id="send-error" role="alert"><?cs var:Errors.send ?></p>
<?cs /if ?>
    <button type="submit"<?cs if:Errors.send ?> aria-describedby="send-error"<?cs /if ?>>Send again</button>
  </form>
<?cs /if ?>
</section>
<?cs /if ?>
<?cs /def ?>
