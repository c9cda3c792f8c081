<?cs def:content() ?>
<p class="no-print"><a href="/accounts/<?cs var:Account.Number ?>">Account <?cs var:Account.Number ?></a></p>
<?cs if:Flash.Sent ?>
<p class="notice no-print" role="status">Receipt sent to <?cs var:Flash.Sent ?>.</p>
<?cs /if ?>
<article class="receipt">
  <header>
    <p class="receipt-store"><?cs var:Receipt.Store ?></p>
    <h1>Receipt <?cs var:Entry.Number ?></h1>
  </header>
  <dl class="facts">
    <dt>Account</dt><dd><?cs var:Account.Number ?></dd>
    <dt>Customer</dt><dd><?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?></dd>
    <dt>What</dt><dd class="kind"><?cs var:Entry.Kind ?></dd>
    <dt>Amount</dt><dd class="amount"><?cs var:Entry.Amount ?> <?cs var:Entry.Direction ?></dd>
<?cs if:Entry.Method ?>
    <dt>Paid by</dt><dd class="method"><?cs var:Entry.Method ?></dd>
<?cs /if ?>
<?cs if:Entry.Reference ?>
    <dt>Reference</dt><dd class="reference"><?cs if:Entry.GiftCard ?>Gift card <a href="/gift-cards/<?cs var:Entry.Reference ?>"><?cs var:Entry.Reference ?></a><?cs else ?><?cs var:Entry.Reference ?><?cs /if ?></dd>
<?cs /if ?>
<?cs if:Entry.Note ?>
    <dt>Note</dt><dd class="notes"><?cs var:Entry.Note ?></dd>
<?cs /if ?>
<?cs if:Entry.Reverses ?>
    <dt>Reverses</dt><dd><a href="/accounts/<?cs var:Account.Number ?>/entries/<?cs var:Entry.Reverses ?>"><?cs var:Entry.Reverses ?></a></dd>
<?cs /if ?>
<?cs if:Entry.ReversedBy ?>
    <dt>Reversed by</dt><dd><a href="/accounts/<?cs var:Account.Number ?>/entries/<?cs var:Entry.ReversedBy ?>"><?cs var:Entry.ReversedBy ?></a></dd>
<?cs /if ?>
<?cs if:Entry.Staff ?>
    <dt>Taken by</dt><dd class="staff"><?cs var:Entry.Staff ?></dd>
<?cs /if ?>
<?cs if:Entry.Approver ?>
    <dt>Approved by</dt><dd class="approver"><?cs var:Entry.Approver ?></dd>
<?cs /if ?>
    <dt>Time</dt><dd><time><?cs var:Entry.Time ?></time> <span class="hint">(<?cs var:Receipt.Zone ?>)</span></dd>
    <dt>Balance after</dt><dd class="balance"><?cs var:Entry.Balance ?></dd>
  </dl>
<?cs if:subcount(Paid) > 0 ?>
  <table class="list paid">
    <caption>Charges paid</caption>
    <thead><tr><th scope="col">Entry</th><th scope="col">Date</th><th scope="col" class="num">Applied</th></tr></thead>
    <tbody>
<?cs each:p = Paid ?>
      <tr><td><?cs var:p.Number ?></td><td><time datetime="<?cs var:p.Date ?>"><?cs var:p.Date ?></time></td><td class="num"><?cs var:p.Amount ?></td></tr>
<?cs /each ?>
    </tbody>
  </table>
<?cs /if ?>
<?cs if:Receipt.Applied ?>
  <dl class="facts">
    <dt>Applied to charges</dt><dd class="applied"><?cs var:Receipt.Applied ?></dd>
    <dt>Unapplied (credit in hand)</dt><dd class="unapplied"><?cs var:Receipt.Unapplied ?></dd>
  </dl>
<?cs /if ?>
</article>
<div class="actions no-print">
  <button type="button" class="print secondary" hidden>Print</button>
  <p class="hint">To print this receipt, use your browser's Print command; only the receipt is printed.</p>
</div>
<form method="post" action="/accounts/<?cs var:Account.Number ?>/entries/<?cs var:Entry.Number ?>/email" class="receipt-email no-print" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <label for="email">Email this receipt to</label>
  <input id="email" name="email" type="email" autocomplete="off" value="<?cs var:Form.email ?>" required<?cs if:Errors.email ?> aria-invalid="true" aria-describedby="email-error"<?cs /if ?>>
<?cs if:Errors.email ?>
  <p class="field-error" id="email-error"><?cs var:Errors.email ?></p>
<?cs /if ?>
  <button type="submit">Send receipt</button>
</form>
<script src="/static/print.js" defer></script>
<?cs /def ?>
