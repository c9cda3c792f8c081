<?cs def:content() ?>
<h1>Exceptions</h1>
<p class="hint">Sales that lanes completed while offline and that broke a rule of the account. Each one put the account on hold.</p>
<?cs if:Form.Done ?>
<p class="notice" role="status"><?cs var:Form.Done ?></p>
<?cs /if ?>
<form method="get" action="/exceptions" class="filters" novalidate>
  <div>
    <label for="f-show">Show</label>
    <select id="f-show" name="show">
<?cs each:o = Shows ?>
      <option value="<?cs var:o.Key ?>"<?cs if:o.Key == Filter.show ?> selected<?cs /if ?>><?cs var:o.Label ?></option>
<?cs /each ?>
    </select>
  </div>
  <button type="submit">Show</button>
</form>
<?cs if:subcount(Exceptions) == 0 ?>
<p class="note">No exceptions to show.</p>
<?cs else ?>
<table class="list exceptions">
  <caption class="hint">Newest first. Times are in <?cs var:Zone.Name ?>.</caption>
  <thead>
    <tr>
      <th scope="col">Time</th>
      <th scope="col">Lane</th>
      <th scope="col">Account</th>
      <th scope="col">Customer</th>
      <th scope="col">Receipt</th>
      <th scope="col" class="num">Amount</th>
      <th scope="col">Broke</th>
      <th scope="col" class="num">Balance after</th>
      <th scope="col">Status</th>
      <th scope="col"><span class="hint">Actions</span></th>
    </tr>
  </thead>
  <tbody>
<?cs each:x = Exceptions ?>
    <tr>
      <td class="when"><?cs var:x.Created ?></td>
      <td><?cs var:x.Lane ?></td>
      <td><a class="code" href="/accounts/<?cs var:x.Account ?>"><?cs var:x.Account ?></a><?cs if:x.OnHold ?> <span class="badge warn">On hold</span><?cs /if ?></td>
      <td><?cs var:x.Customer ?> <span class="hint"><?cs var:x.CustomerCode ?></span></td>
      <td><a href="/accounts/<?cs var:x.Account ?>/entries/<?cs var:x.Entry ?>"><?cs if:x.Receipt ?><?cs var:x.Receipt ?><?cs else ?><?cs var:x.Entry ?><?cs /if ?></a></td>
      <td class="num"><?cs var:x.Amount ?></td>
      <td><?cs each:f = x.Flags ?><span class="badge warn"><?cs var:f ?></span> <?cs /each ?></td>
      <td class="num"><?cs var:x.BalanceAfter ?></td>
      <td><?cs if:x.AckAt ?>Acknowledged by <?cs var:x.AckBy ?>, <?cs var:x.AckAt ?><?cs else ?><span class="badge warn">Open</span><?cs /if ?><?cs if:x.HoldLifted ?> <span class="hint">Hold lifted here</span><?cs /if ?></td>
      <td><?cs if:!x.AckAt ?><a href="/exceptions/<?cs var:x.Id ?>/acknowledge">Acknowledge</a><?cs /if ?><?cs if:x.OnHold ?> <a href="/exceptions/<?cs var:x.Id ?>/lift-hold">Lift hold</a><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs include:"pager.cs" ?>
<?cs /def ?>
